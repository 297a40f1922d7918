namespace Bunq;

/// <summary>A number of calls per window.</summary>
/// <param name="Permits">Calls allowed in any window.</param>
/// <param name="Window">The window.</param>
public sealed record BunqRateLimit(int Permits, TimeSpan Window);
