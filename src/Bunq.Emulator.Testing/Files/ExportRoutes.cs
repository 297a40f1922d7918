using System.Text.Json.Nodes;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>An export bunq keeps once made: an id, an owner, and the file its <c>…/content</c> answers.</summary>
internal interface IKeptExport
{
    long Id { get; }

    StoredFile File { get; }
}

/// <summary>
/// The routes every kept export shares — read, list, delete and <c>…/content</c> — for statements and annual overviews
/// alike; the caller says whose an export is and how bunq shows it.
/// </summary>
internal static class ExportRoutes
{
    public static void Map<T>(IEndpointRouteBuilder routes, string collection, string contentId, string itemType, string what,
        Dictionary<long, T> kept, Func<HttpContext, T, bool> owns, Func<T, JsonObject> describe)
        where T : class, IKeptExport
    {
        routes.Map("GET", collection, context => List(context, kept, owns, e => Item(itemType, describe(e))), RouteAuth.Session);
        routes.Map("GET", collection + "/{itemId}", context => With(context, "itemId", what, kept, owns, e => Ok(Item(itemType, describe(e)))), RouteAuth.Session);
        routes.Map("DELETE", collection + "/{itemId}", context => With(context, "itemId", what, kept, owns, e =>
        {
            kept.Remove(e.Id);
            return Ok();
        }), RouteAuth.Session);
        routes.Map("GET", collection + "/{" + contentId + "}/content", context => With(context, contentId, what, kept, owns,
            e => Results.Bytes(e.File.Bytes, e.File.ContentType)), RouteAuth.Session);
    }

    private static IResult List<T>(HttpContext context, Dictionary<long, T> kept, Func<HttpContext, T, bool> owns, Func<T, JsonObject> item)
        where T : class, IKeptExport =>
        Paging.TryRead(context, out Paging paging, out IResult? refusal)
            ? paging.Page(context, kept.Values.Where(e => owns(context, e)), e => e.Id, item)
            : refusal!;

    private static IResult With<T>(HttpContext context, string route, string what, Dictionary<long, T> kept, Func<HttpContext, T, bool> owns, Func<T, IResult> answer)
        where T : class, IKeptExport =>
        kept.TryGetValue(context.RouteLong(route), out T? export) && owns(context, export) ? answer(export) : Error(404, what + " not found.");
}
