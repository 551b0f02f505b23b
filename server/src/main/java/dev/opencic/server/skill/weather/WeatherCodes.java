package dev.opencic.server.skill.weather;

/**
 * WMO weather interpretation codes (what Open-Meteo reports) in words, and as the reference's
 * content-template weather codes ({@code Shared_Weather_Code.md}: 1 clear by day ... 30 cloudy then
 * snow). Codes the WMO table does not define read as "unsettled" and show as cloudy.
 */
public final class WeatherCodes {

    private WeatherCodes() {}

    /** A few words for speech: "partly cloudy", "light rain". */
    public static String describe(int wmo) {
        return switch (wmo) {
            case 0 -> "clear";
            case 1 -> "mostly clear";
            case 2 -> "partly cloudy";
            case 3 -> "overcast";
            case 45, 48 -> "foggy";
            case 51, 53, 55 -> "drizzle";
            case 56, 57 -> "freezing drizzle";
            case 61 -> "light rain";
            case 63 -> "rain";
            case 65 -> "heavy rain";
            case 66, 67 -> "freezing rain";
            case 71, 77 -> "light snow";
            case 73 -> "snow";
            case 75 -> "heavy snow";
            case 80, 81 -> "rain showers";
            case 82 -> "heavy rain showers";
            case 85, 86 -> "snow showers";
            case 95 -> "thunderstorms";
            case 96, 99 -> "thunderstorms with hail";
            default -> "unsettled";
        };
    }

    /** The reference's weather code, as the templates' {@code temperatureImageCode} and {@code iconImageCode}. */
    public static int referenceCode(int wmo, boolean daytime) {
        return switch (wmo) {
            case 0, 1 -> daytime ? 1 : 2;          // clear
            case 2 -> daytime ? 3 : 4;             // partly cloudy
            case 3 -> daytime ? 5 : 6;             // overcast / very cloudy
            case 45, 48 -> 17;                     // fog
            case 51, 53, 55, 61 -> 8;              // light rain (drizzle counts as light rain)
            case 63 -> 9;                          // rain
            case 65 -> 10;                         // heavy rain
            case 56, 57, 66, 67 -> 14;             // freezing drizzle and rain: sleet
            case 71, 77 -> 11;                     // light snow, snow grains
            case 73 -> 12;                         // snow
            case 75 -> 13;                         // heavy snow
            case 80, 81, 82 -> 15;                 // rain showers
            case 85, 86 -> 16;                     // snow showers
            case 95 -> 18;                         // thunderstorm
            case 96, 99 -> 19;                     // thunderstorm with hail
            default -> 7;                          // cloudy
        };
    }

    public static boolean isRain(int wmo) {
        return (wmo >= 51 && wmo <= 67) || (wmo >= 80 && wmo <= 82) || wmo >= 95;
    }

    public static boolean isSnow(int wmo) {
        return (wmo >= 71 && wmo <= 77) || wmo == 85 || wmo == 86;
    }
}
