using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bunq.Catalogue;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>
/// Every operation of bunq's catalogue that the emulator does not model answers from the catalogue, behind the same
/// protocol checks (token, signature, IP, rate limits; token, signature and rate class are the catalogue's facts): create → <c>Id</c> (or <c>Uuid</c> where the schema says),
/// read → the object with every schema field, list → items and Pagination, update → <c>Id</c>, delete → an empty
/// <c>Response</c>. Bodies are checked against the request type by the route guard, as on every route. Stateful where it is
/// cheap: what a POST creates, GET and list return and PUT changes; a collection bunq offers no POST for shows one
/// object, made on first sight and kept.
/// </summary>
internal static partial class GenericRoutes
{
    private static readonly User Bunq = new(0, UserKind.Person, "bunq", 0);

    /// <summary>Maps every catalogue operation not already served; returns how many.</summary>
    public static int Map(WebApplication app, EmulatorState state)
    {
        BunqCatalogue catalogue = BunqCatalogue.Embedded;
        var modelled = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => m + " " + CatalogueRoute.Key(e.RoutePattern.RawText!["/v1".Length..])))
            .ToHashSet(StringComparer.Ordinal);
        ObjectFactory values = state.Objects;
        int mapped = 0;
        foreach (BunqOperation operation in catalogue.Operations.Where(o => !modelled.Contains(o.Verb + " " + o.RouteKey)))
        {
            // A collection whose POST is modelled (installation, device-server, accounts, requests) keeps its objects in the
            // modelled state; here its other operations answer as for a collection bunq offers no POST for.
            string collectionRoute = operation.Route.EndsWith('}') ? operation.Route[..operation.Route.LastIndexOf('/')] : operation.Route;
            bool creatable = catalogue.Find("POST", collectionRoute) is { } post && !modelled.Contains("POST " + post.RouteKey);
            // Token and signature rule come from the catalogue's facts for the operation (RouteGuard.Map).
            // /user-company/{itemId} and the like name the user itself: the route guard holds it to the session's user.
            ItemIs itemIs = UserItem().IsMatch(operation.Route) ? ItemIs.User : ItemIs.Object;
            // Another verb on an object of a collection the emulator models (its GET is a modelled route): the object must
            // be one the emulator holds, as in bunq, which answers 404 for an object that does not exist.
            Func<EmulatorState, HttpContext, bool>? held = null;
            if (operation.Route.EndsWith('}') && modelled.Contains("GET " + operation.RouteKey) && !Held.TryGetValue(operation.RouteKey, out held))
            {
                throw new InvalidOperationException($"{operation.Verb} {operation.Route} answers from the catalogue on a modelled collection: say in GenericRoutes.Held which objects it holds.");
            }

            // A route under an object the emulator makes but does not model that route for (the notes of a batch): the
            // object must be one it holds, as above.
            held ??= HeldParents.FirstOrDefault(p => operation.RouteKey.StartsWith(p.Key + "/", StringComparison.Ordinal)).Value;

            app.Map(operation.Verb, "/v1" + operation.Route, context => held is not null && !held(state, context)
                ? Error(404, "The requested object does not exist.")
                : Answer(context, state, catalogue, values, operation, creatable), fromCatalogue: true, itemIs: itemIs);
            mapped++;
        }

        return mapped;
    }

    /// <summary>
    /// For each item route whose GET the emulator models and whose other verbs it answers from the catalogue: whether the
    /// session's account holds the object the route names. Such a call on an object it holds answers as any catalogue
    /// call (a <c>payment-batch</c> PUT revokes "a bunq.to payment batch", which the emulator does not make; a
    /// <c>schedule-instance</c> PUT asks for a retry, which it does not model).
    /// </summary>
    private static readonly Dictionary<string, Func<EmulatorState, HttpContext, bool>> Held = new(StringComparer.Ordinal)
    {
        ["/user/{}/monetary-account/{}/payment-batch/{}"] = (state, context) =>
            state.Batches.TryGetValue(context.RouteLong("itemId"), out PaymentBatch? batch) && batch.AccountId == AccountOf(context),
        ["/user/{}/monetary-account/{}/schedule/{}/schedule-instance/{}"] = (state, context) =>
            state.Schedules.TryGetValue(context.RouteLong("scheduleID"), out ScheduledPayment? schedule) && schedule.AccountId == AccountOf(context)
            && schedule.Instances.Exists(i => i.Id == context.RouteLong("itemId")),
    };

    /// <summary>
    /// For each object the emulator makes whose sub-routes (its <c>note-attachment</c> and <c>note-text</c>) answer from
    /// the catalogue: whether the session's account holds the object the route names. bunq answers 404 for notes on an
    /// object that does not exist; an object held takes catalogue-answered notes (README, "Where it knowingly differs").
    /// </summary>
    private static readonly Dictionary<string, Func<EmulatorState, HttpContext, bool>> HeldParents = new(StringComparer.Ordinal)
    {
        ["/user/{}/monetary-account/{}/schedule-payment-batch/{}"] = (state, context) =>
            state.Schedules.TryGetValue(context.RouteLong("schedule-payment-batchID"), out ScheduledPayment? schedule) && schedule.AccountId == AccountOf(context)
            && schedule.IsBatch,
        ["/user/{}/monetary-account/{}/request-inquiry-batch/{}"] = (state, context) =>
            state.InquiryBatches.TryGetValue(context.RouteLong("request-inquiry-batchID"), out RequestInquiryBatch? batch) && batch.AccountId == AccountOf(context),
    };

    private static long? AccountOf(HttpContext context) => CallContext.Of(context).Account?.Id;

    private static IResult Answer(HttpContext context, EmulatorState state, BunqCatalogue catalogue, ObjectFactory values, BunqOperation operation, bool creatable)
    {
        CallContext call = CallContext.Of(context);
        Paging paging = default;
        if (operation.ResponseIsList && !Paging.TryRead(context, out paging, out IResult? badQuery))
        {
            return badQuery!;
        }

        string path = context.Request.Path.Value!;
        bool itemRoute = operation.Route.EndsWith('}');
        string collectionRoute = itemRoute ? operation.Route[..operation.Route.LastIndexOf('/')] : operation.Route;
        // Outside /user/{userID}/… the path names no owner: each caller keeps its own objects there (bunq shows no one
        // another's device-servers or avatars), by user with a session, by installation before one.
        string scope = operation.Route.StartsWith("/user/{userID}/", StringComparison.Ordinal) ? string.Empty
            : call.Session is { } session ? " user " + session.DataOwner.Id.ToString(CultureInfo.InvariantCulture)
            : call.Installation is { } installation ? " installation " + installation.Id.ToString(CultureInfo.InvariantCulture) : string.Empty;
        string collection = (itemRoute ? path[..path.LastIndexOf('/')] : path) + scope;
        string itemId = itemRoute ? path[(path.LastIndexOf('/') + 1)..] : string.Empty;
        var answer = new Answerer(state, catalogue, values, operation, ReadTypeOf(catalogue, collectionRoute, operation));
        User owner = call.Session?.DataOwner ?? Bunq; // the route guard checked {userID} and {monetary-accountID}
        switch (operation.Verb)
        {
            case "GET" when operation.ResponseIsList:
                if (!creatable && state.Generic.Items(collection).Count == 0)
                {
                    state.Generic.Put(collection, answer.Make(state.NextId().ToString(CultureInfo.InvariantCulture), owner, call.Body));
                }

                return paging.Page(context, state.Generic.Items(collection), i => i.Order, i => answer.Render(i, owner));
            case "GET":
                GenericItem? read = state.Generic.Find(collection, itemId);
                if (read is null && !creatable)
                {
                    state.Generic.Put(collection, read = answer.Make(itemId, owner, [])); // "" for a route that reads one object
                }

                return read is null ? Error(404, "The requested object does not exist.") : Ok(answer.Render(read, owner));
            case "POST":
                GenericItem created = answer.Make(null, owner, call.Body);
                state.Generic.Put(path + scope, created);
                return Ok([.. answer.Created(created, owner)], pagination: null);
            case "PUT":
                GenericItem? current = state.Generic.Find(collection, itemId) ?? (creatable ? null : answer.Make(itemId, owner, []));
                if (current is null)
                {
                    return Error(404, "The requested object does not exist.");
                }

                answer.Overlay(current.Value, call.Body, catalogue.Type(operation.RequestType), answer.ReadType, current.Order, owner);
                state.Generic.Put(collection, current);
                return Ok([.. answer.Created(current, owner)], pagination: null);
            default: // DELETE
                return state.Generic.Remove(collection, itemId) || !creatable ? Ok() : Error(404, "The requested object does not exist.");
        }
    }

    /// <summary>The type a collection's objects have: the item GET's answer, else the list's, else the operation's own.</summary>
    private static BunqObjectType? ReadTypeOf(BunqCatalogue catalogue, string collectionRoute, BunqOperation operation) =>
        catalogue.Type(catalogue.Find("GET", collectionRoute + "/{itemId}")?.ResponseType)
        ?? catalogue.Type(catalogue.Find("GET", collectionRoute) is { ResponseIsList: true } list ? list.ResponseType : null)
        ?? (operation.Verb == "GET" ? catalogue.Type(operation.ResponseType) : catalogue.Type(operation.RequestType));

    [System.Text.RegularExpressions.GeneratedRegex(@"^/user(-company|-person|-payment-service-provider)?/\{itemId\}$")]
    private static partial System.Text.RegularExpressions.Regex UserItem();
}
