using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;

namespace Bunq.Catalogue;

/// <summary>
/// bunq's operations (verb, route, request and response object types) and object types, read from the line format
/// scripts/derive-catalogue.py writes (its docstring describes it). Shared as source by the analyzers and the emulator;
/// each assembly embeds data/bunq-catalogue.txt as <see cref="ResourceName"/>.
/// </summary>
internal sealed class BunqCatalogue
{
    /// <summary>The manifest resource name the catalogue is embedded under.</summary>
    public const string ResourceName = "Bunq.Catalogue.bunq-catalogue.txt";

    // Read once per process: analyzers run for every compilation, and the text never changes while the process lives.
    private static readonly Lazy<BunqCatalogue> EmbeddedCatalogue = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<string, List<BunqOperation>> _byRouteKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BunqObjectType> _types = new(StringComparer.Ordinal);

    public BunqCatalogue(IEnumerable<BunqOperation> operations, IEnumerable<BunqObjectType> types)
    {
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

    /// <summary>Every distinct route key, ordinal order.</summary>
    public IReadOnlyList<string> RouteKeys { get; }

    public IEnumerable<BunqObjectType> Types => _types.Values;

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

    public BunqObjectType? Type(string? name) => name is not null && _types.TryGetValue(name, out BunqObjectType? type) ? type : null;

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

    /// <summary>Reads the line format; unknown line kinds are skipped so a newer script's additions do not break an older reader.</summary>
    public static BunqCatalogue Parse(TextReader reader)
    {
        var operations = new List<BunqOperation>();
        var types = new List<BunqObjectType>();
        string? typeName = null;
        var fields = new List<BunqField>();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            string[] parts = line.Split('\t');
            switch (parts[0])
            {
                case "O" when parts.Length >= 5:
                    string response = parts[4];
                    bool isList = response.EndsWith("[]", StringComparison.Ordinal);
                    operations.Add(new BunqOperation(parts[1], parts[2], Optional(parts[3]), Optional(isList ? response.Substring(0, response.Length - 2) : response), isList));
                    break;
                case "T" when parts.Length >= 2:
                    Flush();
                    typeName = parts[1];
                    break;
                case "F" when parts.Length >= 5 && typeName is not null:
                    string flags = parts[4];
                    fields.Add(new BunqField(parts[1], parts[2], Optional(parts[3]),
                        flags.IndexOf('a') >= 0, flags.IndexOf('r') >= 0, flags.IndexOf('w') >= 0, flags.IndexOf('q') >= 0));
                    break;
            }
        }

        Flush();
        return new BunqCatalogue(operations, types);

        void Flush()
        {
            if (typeName is not null)
            {
                types.Add(new BunqObjectType(typeName, fields.ToArray()));
                fields.Clear();
            }
        }
    }

    /// <summary>Writes the catalogue in its line format (without the header comment): operations in route then verb order, types by name.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        foreach (BunqOperation operation in Operations.OrderBy(o => o.Route, StringComparer.Ordinal).ThenBy(o => o.Verb, StringComparer.Ordinal))
        {
            text.Append("O\t").Append(operation).Append('\n');
        }

        foreach (BunqObjectType type in _types.Values.OrderBy(t => t.Name, StringComparer.Ordinal))
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
        return Parse(reader);
    }
}
