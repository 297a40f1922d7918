namespace Bunq;

/// <summary>
/// A warning bunq attached to a successful, signature-verified answer in its <c>X-Bunq-Warning</c> header (for example
/// a negative balance). Delivered to <see cref="BunqOptions.OnWarning"/> and logged at Warning; the call itself succeeds.
/// </summary>
/// <param name="Message">bunq's text, with control characters removed and at most 1,000 characters (headers are not signed).</param>
/// <param name="Method">The verb of the call that drew it.</param>
/// <param name="Path">The path of the call that drew it (with its ids: it is for you, not for a shared log).</param>
/// <param name="ResponseId"><c>X-Bunq-Client-Response-Id</c> of the answer, to quote to bunq support.</param>
public sealed record BunqWarning(string Message, string Method, string Path, string? ResponseId);
