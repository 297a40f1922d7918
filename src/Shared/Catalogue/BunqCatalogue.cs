using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;

namespace Bunq.Catalogue;

/// <summary>
/// bunq's operations (verb, route, request and response object types, and the facts of data/bunq-facts.txt), its
/// object types and its rate-limit classes, read from the line format <see cref="Header"/> describes. The one source
/// of facts about bunq's operations: shared as source by the analyzers and the emulator, each assembly embedding
/// data/bunq-catalogue.txt as <see cref="ResourceName"/>; <see cref="OpenApiCatalogue"/> writes it.
/// </summary>
internal sealed class BunqCatalogue
{
    /// <summary>The manifest resource name the catalogue is embedded under.</summary>
    public const string ResourceName = "Bunq.Catalogue.bunq-catalogue.txt";

    // Read once per process: analyzers run for every compilation, and the text never changes while the process lives.
    private static readonly Lazy<BunqCatalogue> EmbeddedCatalogue = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<string, List<BunqOperation>> _byRouteKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, BunqObjectType> _types = new(StringComparer.Ordinal);

    // Parsed catalogues read a type's F lines on first use: a build checks routes of hundreds of methods but few bodies,
    // and reading all 711 types up front was most of the analyzer's cold cost (docs/benchmarks.md).
    private readonly List<KeyValuePair<string, string>> _sentAs;
    private readonly string? _text;
    private readonly Dictionary<string, int>? _typeLines;

    /// <summary>The comment the committed file starts with: where it comes from and its line format.</summary>
    public const string Header =
        "# bunq's API catalogue: bunq's OpenAPI description (data/bunq-openapi: github.com/bunq/doc generated.json at commit\n"
        + "# 71d692fe22def76f88b0a41c62ac2bc530444f0b, MIT, bunq b.v.) with the reviewed facts of data/bunq-facts.txt applied, written\n"
        + "# by src/Shared/Catalogue/OpenApiCatalogue.cs; do not edit (CatalogueFileTests rewrites it: see README, \"The catalogue\").\n"
        + "# Cells are separated by one tab; '-' stands for none. Routes are relative to /v1 and keep bunq's placeholder names.\n"
        + "#   L <class> <calls> <seconds>        a rate-limit class: at most <calls> per <seconds> per IP address per endpoint\n"
        + "#   S <type> <sent as>                 a field of <type> in a request body is sent as <sent as>\n"
        + "#   O <verb> <route> <request type> <response type> <token> <signature> <rate class> <raw> <headers> <context> <object>\n"
        + "#       one operation: a response type ending in '[]' is a list; token none|installation|session; signature\n"
        + "#       required|optional (bunq refuses it unsigned); raw body|answer (raw bytes, not JSON); headers bunq requires,\n"
        + "#       comma-separated; context: made by the context bootstrapper; object: the name bunq wraps the answer in\n"
        + "#   T <name>                           an object type; its fields follow on F lines\n"
        + "#   F <json name> <json type> <object type> <flags>   one field: the json type is the element's for arrays (string,\n"
        + "#       integer, number, boolean, object); flags are any of a (array), r (read-only), w (write-only), q (required)\n";

    public BunqCatalogue(IEnumerable<BunqOperation> operations, IEnumerable<BunqObjectType> types, IEnumerable<BunqRateLimitClass> rateLimits,
        IEnumerable<KeyValuePair<string, string>> sentAs)
        : this(operations, types, rateLimits, sentAs, null, null)
    {
    }

    private BunqCatalogue(IEnumerable<BunqOperation> operations, IEnumerable<BunqObjectType> types, IEnumerable<BunqRateLimitClass> rateLimits,
        IEnumerable<KeyValuePair<string, string>> sentAs, string? text, Dictionary<string, int>? typeLines)
    {
        _text = text;
        _typeLines = typeLines;
        RateLimits = rateLimits.ToList();
        _sentAs = sentAs.ToList();
        Operations = operations.ToList();
        foreach (BunqOperation operation in Operations)
        {
            if (!_byRouteKey.TryGetValue(operation.RouteKey, out List<BunqOperation>? list))
            {
                _byRouteKey[operation.RouteKey] = list = new List<BunqOperation>();
            }

            list.Add(operation);
        }

        foreach (BunqObjectType type in types)
        {
            _types[type.Name] = type;
        }

        RouteKeys = _byRouteKey.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
    }

    /// <summary>The catalogue embedded in this assembly (bunq's description as of the script's last run).</summary>
    public static BunqCatalogue Embedded => EmbeddedCatalogue.Value;

    public IReadOnlyList<BunqOperation> Operations { get; }

    /// <summary>bunq's rate-limit classes, which <see cref="OperationFacts.RateClass"/> names.</summary>
    public IReadOnlyList<BunqRateLimitClass> RateLimits { get; }

    /// <summary>
    /// The type a request body sends for a field bunq's description types <paramref name="type"/>: bunq types a
    /// counterparty as the LabelMonetaryAccount it answers, while requests name it with a Pointer.
    /// </summary>
    public string? SentAs(string? type)
    {
        foreach (KeyValuePair<string, string> pair in _sentAs)
        {
            if (pair.Key == type)
            {
                return pair.Value;
            }
        }

        return type;
    }

    /// <summary>The rate-limit class of that name, or null.</summary>
    public BunqRateLimitClass? RateLimit(string? name) => name is null ? null : RateLimits.FirstOrDefault(l => l.Name == name);

    /// <summary>Every distinct route key, ordinal order.</summary>
    public IReadOnlyList<string> RouteKeys { get; }

    public IEnumerable<BunqObjectType> Types =>
        _typeLines is null ? _types.Values : _typeLines.Keys.Select(name => Type(name)!);

    /// <summary>The operations on a route (any placeholder names, a query part ignored); empty when bunq has no such route.</summary>
    public IReadOnlyList<BunqOperation> OperationsAt(string route) =>
        _byRouteKey.TryGetValue(CatalogueRoute.Key(route), out List<BunqOperation>? list) ? list : Array.Empty<BunqOperation>();

    public BunqOperation? Find(string verb, string route)
    {
        foreach (BunqOperation operation in OperationsAt(route))
        {
            if (string.Equals(operation.Verb, verb, StringComparison.OrdinalIgnoreCase))
            {
                return operation;
            }
        }

        return null;
    }

    /// <summary>
    /// The name bunq wraps an operation's answer in where the facts file corrects the description's (data/bunq-facts.txt,
    /// kind <c>object</c>): the one place a modelled route learns it, so no route types a second copy.
    /// </summary>
    /// <exception cref="InvalidOperationException">The catalogue records no such name for the operation.</exception>
    public string AnswerObject(string verb, string route) =>
        Find(verb, route)?.Facts.AnswerObject
        ?? throw new InvalidOperationException("The catalogue names no answer object for " + verb + " " + route + " (data/bunq-facts.txt).");

    public BunqObjectType? Type(string? name)
    {
        if (name is null)
        {
            return null;
        }

        if (_types.TryGetValue(name, out BunqObjectType? type))
        {
            return type;
        }

        return _typeLines is not null && _typeLines.TryGetValue(name, out int start) ? _types.GetOrAdd(name, _ => ReadType(name, start)) : null;
    }

    /// <summary>bunq's routes nearest to <paramref name="route"/> by edit distance of their keys, at most <paramref name="max"/>, ties in ordinal order.</summary>
    public IReadOnlyList<string> NearestRoutes(string route, int max)
    {
        string key = CatalogueRoute.Key(route);
        var ranked = new List<KeyValuePair<int, string>>();
        foreach (string candidate in RouteKeys)
        {
            ranked.Add(new KeyValuePair<int, string>(CatalogueRoute.Distance(key, candidate), candidate));
        }

        int best = ranked.Count == 0 ? 0 : ranked.Min(r => r.Key);
        return ranked.Where(r => r.Key == best).Take(max).Select(r => _byRouteKey[r.Value][0].Route).ToList();
    }

    /// <summary>Reads the line format; unknown line kinds are skipped so a newer derivation's additions do not break an older reader.</summary>
    public static BunqCatalogue Parse(TextReader reader) => Parse(reader.ReadToEnd());

    /// <summary>Reads the operations now and notes where each type starts; a type's fields are read when it is first asked for.</summary>
    public static BunqCatalogue Parse(string text)
    {
        var operations = new List<BunqOperation>();
        var limits = new List<BunqRateLimitClass>();
        var sentAs = new List<KeyValuePair<string, string>>();
        var typeLines = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int line = 0; line < text.Length; line = NextLine(text, line))
        {
            if (text[line] == 'O' && Cells(text, line, 12) is { } cells && cells[0] == "O")
            {
                string response = cells[4];
                bool isList = response.EndsWith("[]", StringComparison.Ordinal);
                operations.Add(new BunqOperation(cells[1], cells[2], Optional(cells[3]), Optional(isList ? response.Substring(0, response.Length - 2) : response), isList,
                    OperationFacts.Read(cells, 5)));
            }
            else if (text[line] == 'L' && Cells(text, line, 4) is { } limit && limit[0] == "L"
                && int.TryParse(limit[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int calls)
                && int.TryParse(limit[3], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int seconds))
            {
                limits.Add(new BunqRateLimitClass(limit[1], calls, seconds));
            }
            else if (text[line] == 'S' && Cells(text, line, 3) is { } sent && sent[0] == "S")
            {
                sentAs.Add(new KeyValuePair<string, string>(sent[1], sent[2]));
            }
            else if (text[line] == 'T' && Cells(text, line, 2) is { } type && type[0] == "T")
            {
                typeLines[type[1]] = NextLine(text, line);
            }
        }

        return new BunqCatalogue(operations, Array.Empty<BunqObjectType>(), limits, sentAs, text, typeLines);
    }

    private BunqObjectType ReadType(string name, int start)
    {
        var fields = new List<BunqField>();
        for (int line = start; line < _text!.Length && _text[line] == 'F'; line = NextLine(_text, line))
        {
            if (Cells(_text, line, 5) is { } cells && cells[0] == "F")
            {
                string flags = cells[4];
                fields.Add(new BunqField(cells[1], cells[2], Optional(cells[3]),
                    flags.IndexOf('a') >= 0, flags.IndexOf('r') >= 0, flags.IndexOf('w') >= 0, flags.IndexOf('q') >= 0));
            }
        }

        return new BunqObjectType(name, fields);
    }

    /// <summary>The first <paramref name="count"/> tab-separated cells of the line at <paramref name="start"/>, or null when it has fewer.</summary>
    private static string[]? Cells(string text, int start, int count)
    {
        int end = text.IndexOf('\n', start);
        end = end < 0 ? text.Length : end;
        if (end > start && text[end - 1] == '\r')
        {
            end--;
        }

        var cells = new string[count];
        int at = start;
        for (int i = 0; i < count; i++)
        {
            if (at > end)
            {
                return null;
            }

            int tab = text.IndexOf('\t', at, end - at);
            int stop = tab < 0 ? end : tab;
            cells[i] = text.Substring(at, stop - at);
            at = stop + 1;
        }

        return cells;
    }

    private static int NextLine(string text, int line)
    {
        int end = text.IndexOf('\n', line);
        return end < 0 ? text.Length : end + 1;
    }

    /// <summary>Writes the catalogue in its line format (without <see cref="Header"/>): rate limits, operations in route then verb order, types by name.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        foreach (BunqRateLimitClass limit in RateLimits)
        {
            text.Append("L\t").Append(limit).Append('\n');
        }

        foreach (KeyValuePair<string, string> pair in _sentAs)
        {
            text.Append("S\t").Append(pair.Key).Append('\t').Append(pair.Value).Append('\n');
        }

        foreach (BunqOperation operation in Operations.OrderBy(o => o.Route, StringComparer.Ordinal).ThenBy(o => o.Verb, StringComparer.Ordinal))
        {
            text.Append("O\t").Append(operation).Append('\n');
        }

        foreach (BunqObjectType type in Types.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            text.Append("T\t").Append(type.Name).Append('\n');
            foreach (BunqField field in type.Fields)
            {
                text.Append("F\t").Append(field).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string? Optional(string value) => value == "-" ? null : value;

    private static BunqCatalogue LoadEmbedded()
    {
        using Stream stream = typeof(BunqCatalogue).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException("The assembly does not embed " + ResourceName + ".");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader.ReadToEnd());
    }
}
