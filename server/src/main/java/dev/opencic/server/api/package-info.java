/**
 * What every feature of the server implements, throws or is handed, and nothing else: it depends on
 * no other package of the server, and every other package may depend on it ({@code ArchitectureTest}
 * checks both).
 *
 * <ul>
 *   <li>{@link dev.opencic.server.api.NamespaceHandler} handles the events of one CIC namespace, given
 *       as an {@link dev.opencic.server.api.EventRequest} (device, event, audio, executor), and answers
 *       with a {@link dev.opencic.server.api.Reply}; a bad request is a
 *       {@link dev.opencic.server.api.CicException}.</li>
 *   <li>{@link dev.opencic.server.api.ContextObserver} follows one kind of context object.</li>
 *   <li>{@link dev.opencic.server.api.DirectivePusher} sends cloud-initiated directives on a device's
 *       downchannel.</li>
 *   <li>{@link dev.opencic.server.api.EventRouter} is where the transport hands each event.</li>
 *   <li>{@link dev.opencic.server.api.EventPayloads} reads an event's payload and context objects as
 *       the typed records of {@code dev.opencic.protocol.payload}; a payload that does not fit is a
 *       {@code 400} naming the field.</li>
 * </ul>
 *
 * <h2>One handler per namespace, findable by name</h2>
 *
 * The handler of namespace {@code X} is the class {@code XHandler}, in the package of the feature it
 * serves, and the server takes exactly one per namespace ({@code CicServerBuilder.replace} swaps one
 * explicitly):
 *
 * <table>
 *   <caption>Namespaces and their handlers</caption>
 *   <tr><th>Namespace</th><th>Handler</th></tr>
 *   <tr><td>SpeechRecognizer</td><td>{@code dialog.SpeechRecognizerHandler} (a spoken request to the dialog)</td></tr>
 *   <tr><td>TextRecognizer</td><td>{@code dialog.TextRecognizerHandler} (a typed request to the dialog)</td></tr>
 *   <tr><td>SpeechSynthesizer</td><td>{@code speech.SpeechSynthesizerHandler}</td></tr>
 *   <tr><td>AudioPlayer</td><td>{@code skill.music.AudioPlayerHandler}</td></tr>
 *   <tr><td>PlaybackController</td><td>{@code skill.music.PlaybackControllerHandler}</td></tr>
 *   <tr><td>TemplateRuntime</td><td>{@code skill.music.TemplateRuntimeHandler} (the music player's screen, likes)</td></tr>
 *   <tr><td>Alerts</td><td>{@code skill.alerts.AlertsHandler}</td></tr>
 *   <tr><td>Memo</td><td>{@code skill.memo.MemoHandler}</td></tr>
 *   <tr><td>Reminder</td><td>{@code skill.reminder.ReminderHandler}</td></tr>
 *   <tr><td>DeviceControl</td><td>{@code skill.devicecontrol.DeviceControlHandler}</td></tr>
 *   <tr><td>System</td><td>{@code skill.alerts.SystemHandler} ({@code RequestSynchronizeState}: the account's alerts)</td></tr>
 *   <tr><td>Clova</td><td>{@code skill.household.ClovaHandler} ({@code ProcessDelegatedEvent}: delegation)</td></tr>
 *   <tr><td>Household</td><td>{@code skill.household.HouseholdHandler} (this project's: a device naming itself)</td></tr>
 * </table>
 *
 * Events of a namespace the reference defines but nobody handles yet are acknowledged by the router
 * with an empty reply.
 */
package dev.opencic.server.api;
