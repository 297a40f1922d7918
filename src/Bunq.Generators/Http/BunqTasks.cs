using System.Runtime.ExceptionServices;

namespace Bunq;

/// <summary>Helpers for the handlers whose common path completes without an async state machine.</summary>
internal static class BunqTasks
{
    /// <summary>
    /// The task an async method would have returned had it thrown <paramref name="exception"/>: faulted, or cancelled for
    /// an <see cref="OperationCanceledException"/> (which it keeps), with the original stack trace — so a handler that
    /// answers synchronously fails exactly as its async version did, and never throws from <c>SendAsync</c> itself.
    /// </summary>
#pragma warning disable CS1998 // the async builder is what turns the exception into the same faulted or cancelled task
    public static async Task<T> Failed<T>(Exception exception)
#pragma warning restore CS1998
    {
        ExceptionDispatchInfo.Throw(exception);
        return default!;
    }
}
