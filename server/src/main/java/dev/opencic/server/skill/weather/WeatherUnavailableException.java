package dev.opencic.server.skill.weather;

/** The weather provider failed, answered with an error, or answered something we cannot read. */
public final class WeatherUnavailableException extends RuntimeException {
    public WeatherUnavailableException(String message) {
        super(message);
    }

    public WeatherUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
