using Polly;

namespace Bunq;

/// <summary>
/// Runs one of the client's Polly pipelines — the retries (<see cref="BunqPipelineParts.Retry"/>) or the per-attempt
/// timeout (<see cref="BunqPipelineParts.Attempt"/>) — around the handlers inside it: what
/// <c>Microsoft.Extensions.Http.Resilience</c>'s <c>ResilienceHandler</c> does for these pipelines (a pooled
/// <see cref="ResilienceContext"/> carrying the request, so the retry rules read it through
/// <c>GetRequestMessage()</c>; each attempt sent with the context's token; the outcome's exception rethrown as it was
/// thrown), without an async method of its own: when the answer is there as the pipeline returns, the inner handlers'
/// own task is handed on, and only a call still under way is awaited.
/// </summary>
/// <remarks>
/// Unlike <c>ResilienceHandler</c> it neither puts the context in the request's options nor shares it between the two
/// stages: each stage takes a context of its own from Polly's pool and gives it back when its pipeline is done, and
/// nothing in these pipelines reads a property the other stage set.
/// </remarks>
internal sealed class BunqResilienceHandler(ResiliencePipeline<HttpResponseMessage> pipeline) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        BunqCall call;
        ResilienceContext context;
        try
        {
            call = BunqCall.Of(request);
            context = ResilienceContextPool.Shared.Get(cancellationToken);
        }
        catch (Exception e)
        {
            return BunqTasks.Failed<HttpResponseMessage>(e);
        }

        ValueTask<Outcome<HttpResponseMessage>> running;
        try
        {
            context.SetRequestMessage(request);
            running = pipeline.ExecuteOutcomeAsync(static (context, state) => state.Handler.Attempt(state.Request, state.Call, context), context, (Handler: this, Request: request, Call: call));
        }
        catch (Exception e)
        {
            // the pipeline reports failures in its outcome; this is a fault of its own
            ResilienceContextPool.Shared.Return(context);
            return BunqTasks.Failed<HttpResponseMessage>(e);
        }

        if (!running.IsCompletedSuccessfully)
        {
            return CompleteAsync(running, context);
        }

        Outcome<HttpResponseMessage> outcome = running.Result;
        ResilienceContextPool.Shared.Return(context);
        Task<HttpResponseMessage>? answered = call.Answered;
        call.Answered = null;
        if (outcome.Exception is { } failure)
        {
            return BunqTasks.Failed<HttpResponseMessage>(failure);
        }

        // The last attempt's own task, when it is the one whose answer the pipeline kept (no Task of our own per call).
        return answered is not null && ReferenceEquals(answered.Result, outcome.Result) ? answered : Task.FromResult(outcome.Result!);
    }

    // One attempt: the inner handlers with the context's token (the attempt timeout's, inside that stage). An answer
    // that is there at once is passed on as it is and its task kept for SendAsync to hand on.
    private ValueTask<Outcome<HttpResponseMessage>> Attempt(HttpRequestMessage request, BunqCall call, ResilienceContext context)
    {
        Task<HttpResponseMessage> sending;
        try
        {
            sending = base.SendAsync(request, context.CancellationToken);
        }
        catch (Exception e)
        {
            return new ValueTask<Outcome<HttpResponseMessage>>(Outcome.FromException<HttpResponseMessage>(e));
        }

        if (!sending.IsCompletedSuccessfully)
        {
            call.Answered = null;
            return AwaitAttemptAsync(sending);
        }

        call.Answered = sending;
        return new ValueTask<Outcome<HttpResponseMessage>>(Outcome.FromResult(sending.Result));
    }

    private static async ValueTask<Outcome<HttpResponseMessage>> AwaitAttemptAsync(Task<HttpResponseMessage> sending)
    {
        try
        {
            return Outcome.FromResult(await sending.ConfigureAwait(false));
        }
        catch (Exception e)
        {
            return Outcome.FromException<HttpResponseMessage>(e);
        }
    }

    private static async Task<HttpResponseMessage> CompleteAsync(ValueTask<Outcome<HttpResponseMessage>> running, ResilienceContext context)
    {
        try
        {
            Outcome<HttpResponseMessage> outcome = await running.ConfigureAwait(false);
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
