using System.Net;

namespace Bunq;

/// <summary>How <c>MapBunqCallbacks</c> receives bunq's callbacks.</summary>
public sealed class BunqCallbackOptions
{
    /// <summary>
    /// bunq's API docs, "Callbacks": "Callbacks for the production environment will be made from 185.40.108.0/22."
    /// The sandbox calls from changing AWS addresses, the emulator from loopback: add those networks for them.
    /// </summary>
    public static readonly IPNetwork ProductionCallers = IPNetwork.Parse("185.40.108.0/22");

    /// <summary>The largest body read, in bytes; a larger one is answered 413 unread. bunq's callbacks are a few kilobytes.</summary>
    public int MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// The networks a callback may come from, checked against <c>HttpContext.Connection.RemoteIpAddress</c> — the address
    /// the app's forwarded-headers middleware left there, never a raw <c>X-Forwarded-For</c>. Others get 403.
    /// </summary>
    public IList<IPNetwork> AllowedCallers { get; } = [ProductionCallers];
}
