using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;

namespace Bunq.Catalogue;

/// <summary>
/// The reviewed facts of data/bunq-facts.txt (its header describes the format): what bunq's OpenAPI description does
/// not say about an operation or gets wrong, each line with its source. The derivation applies them to the description
/// (<see cref="OpenApiCatalogue"/>); nothing else reads this file, everything else reads the catalogue it makes.
/// </summary>
internal sealed class BunqFacts
{
    /// <summary>The manifest resource name the analyzers embed the file under (for a project's own bunq-openapi.json).</summary>
    public const string ResourceName = "Bunq.Catalogue.bunq-facts.txt";

    private static readonly Lazy<BunqFacts> EmbeddedFacts = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly string[] OperationKinds = { "token", "signature", "rate", "raw", "header", "context", "object", "answer" };

    private readonly List<Rule> _rules = new();
    private readonly List<BunqRateLimitClass> _limits = new();
    private readonly List<string> _types = new();
    private readonly List<KeyValuePair<string, string>> _sentAs = new();
    private readonly List<KeyValuePair<string, BunqField>> _fields = new();
    private readonly List<KeyValuePair<string, string>> _drops = new();

    private BunqFacts()
    {
    }

    /// <summary>The facts embedded in this assembly.</summary>
    public static BunqFacts Embedded => EmbeddedFacts.Value;

    public IReadOnlyList<BunqRateLimitClass> RateLimits => _limits;

    /// <summary>Object types the description lacks, declared by <c>type</c> lines.</summary>
    public IReadOnlyList<string> AddedTypes => _types;

    /// <summary>Types a request sends as another (bunq answers a LabelMonetaryAccount where a request names a Pointer).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> SentAs => _sentAs;

    /// <summary>The facts of one operation: for each kind, the last line whose verb and route match.</summary>
    public OperationFacts For(string verb, string route)
    {
        string key = CatalogueRoute.Key(route);
        OperationToken token = OperationToken.Session;
        bool signed = false;
        bool context = false;
        string? rate = null;
        string? raw = null;
        string? answerObject = null;
        var headers = new List<string>();
        foreach (Rule rule in _rules)
        {
            if (!rule.Matches(verb, key))
            {
                continue;
            }

            switch (rule.Kind)
            {
                case "token":
                    OperationFacts.TryToken(rule.Value, out token);
                    break;
                case "signature":
                    signed = rule.Value == "required";
                    break;
                case "rate":
                    rate = rule.Value == "none" ? null : rule.Value;
                    break;
                case "raw":
                    raw = rule.Value == "none" ? null : rule.Value;
                    break;
                case "header":
                    headers.Add(rule.Value);
                    break;
                case "context":
                    context = rule.Value == "yes";
                    break;
                case "object":
                    answerObject = rule.Value;
                    break;
            }
        }

        return new OperationFacts(token, signed, rate, raw == "body", raw == "answer", headers, context, answerObject);
    }

    /// <summary>
    /// The operation facts whose verb and route match none of <paramref name="operations"/>, as "kind verb route": a
    /// typo in a route would otherwise change nothing, silently. Not an error of the derivation, since a newer
    /// description may drop a route a fact names.
    /// </summary>
    public IEnumerable<string> Unmatched(IReadOnlyList<BunqOperation> operations) =>
        _rules.Where(r => !operations.Any(o => r.Matches(o.Verb, o.RouteKey))).Select(r => r.ToString());

    /// <summary>The answer's object type where a fact corrects the description, else null.</summary>
    public string? AnswerType(string verb, string route)
    {
        string key = CatalogueRoute.Key(route);
        return _rules.LastOrDefault(r => r.Kind == "answer" && r.Matches(verb, key))?.Value;
    }

    /// <summary>A type's fields with the facts' corrections applied: replaced in place, added at the end, dropped.</summary>
    public IReadOnlyList<BunqField> Correct(string type, IReadOnlyList<BunqField> fields)
    {
        if (!_fields.Any(f => f.Key == type) && !_drops.Any(d => d.Key == type))
        {
            return fields;
        }

        var corrected = fields.Where(f => !_drops.Contains(new KeyValuePair<string, string>(type, f.Name))).ToList();
        foreach (BunqField field in _fields.Where(f => f.Key == type).Select(f => f.Value))
        {
            int at = corrected.FindIndex(f => f.Name == field.Name);
            if (at >= 0)
            {
                corrected[at] = field;
            }
            else
            {
                corrected.Add(field);
            }
        }

        return corrected;
    }

    /// <exception cref="FormatException">A line is not one of the kinds the header describes, or has no source.</exception>
    public static BunqFacts Parse(string text)
    {
        var facts = new BunqFacts();
        int number = 0;
        foreach (string raw in text.Split('\n'))
        {
            number++;
            string line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            string[] cells = line.Split('\t');
            string? problem = facts.Add(cells);
            if (problem is not null)
            {
                throw new FormatException("bunq-facts.txt line " + number.ToString(CultureInfo.InvariantCulture) + ": " + problem);
            }
        }

        return facts;
    }

    /// <summary>Adds one line's fact; returns what is wrong with it instead.</summary>
    private string? Add(string[] cells)
    {
        string kind = cells[0];
        if (cells[cells.Length - 1].Trim().Length == 0 || cells.Length < 3)
        {
            return "a fact needs its source in the last cell";
        }

        if (Array.IndexOf(OperationKinds, kind) >= 0)
        {
            if (cells.Length != 5)
            {
                return "'" + kind + "' takes a verb, a route, a value and a source";
            }

            if (!ValidValue(kind, cells[3]))
            {
                return "'" + cells[3] + "' is not a value of '" + kind + "'";
            }

            _rules.Add(new Rule(kind, cells[1], CatalogueRoute.Key(cells[2]), cells[3]));
            return null;
        }

        switch (kind)
        {
            case "limit" when cells.Length == 5 && int.TryParse(cells[2], NumberStyles.None, CultureInfo.InvariantCulture, out int calls)
                && int.TryParse(cells[3], NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) && calls > 0 && seconds > 0:
                _limits.Add(new BunqRateLimitClass(cells[1], calls, seconds));
                return null;
            case "type" when cells.Length == 3:
                _types.Add(cells[1]);
                return null;
            case "sent-as" when cells.Length == 4:
                _sentAs.Add(new KeyValuePair<string, string>(cells[1], cells[2]));
                return null;
            case "field" when cells.Length == 7:
                string flags = cells[5];
                _fields.Add(new KeyValuePair<string, BunqField>(cells[1], new BunqField(cells[2], cells[3], cells[4] == "-" ? null : cells[4],
                    flags.IndexOf('a') >= 0, flags.IndexOf('r') >= 0, flags.IndexOf('w') >= 0, flags.IndexOf('q') >= 0)));
                return null;
            case "drop" when cells.Length == 4:
                _drops.Add(new KeyValuePair<string, string>(cells[1], cells[2]));
                return null;
            default:
                return "'" + kind + "' with " + (cells.Length - 1).ToString(CultureInfo.InvariantCulture) + " cells is not a kind of fact the header describes";
        }
    }

    private static bool ValidValue(string kind, string value) => kind switch
    {
        "token" => value is "none" or "installation" or "session",
        "signature" => value is "required" or "optional",
        "raw" => value is "body" or "answer" or "none",
        "context" => value is "yes" or "no",
        _ => value.Length > 0,
    };

    private static BunqFacts LoadEmbedded()
    {
        using Stream stream = typeof(BunqFacts).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException("The assembly does not embed " + ResourceName + ".");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader.ReadToEnd());
    }

    /// <summary>One operation fact: a kind, the verb (or *) and route pattern it applies to, and its value.</summary>
    private sealed class Rule
    {
        private readonly string _verb;
        private readonly string _pattern;

        public Rule(string kind, string verb, string pattern, string value)
        {
            Kind = kind;
            _verb = verb;
            _pattern = pattern;
            Value = value;
        }

        public string Kind { get; }

        public string Value { get; }

        public override string ToString() => Kind + " " + _verb + " " + _pattern;

        public bool Matches(string verb, string routeKey) =>
            (_verb == "*" || string.Equals(_verb, verb, StringComparison.OrdinalIgnoreCase)) && Glob(_pattern, 0, routeKey, 0);

        /// <summary>'*' matches any run of characters, everything else itself.</summary>
        private static bool Glob(string pattern, int p, string text, int t)
        {
            while (p < pattern.Length)
            {
                if (pattern[p] == '*')
                {
                    for (int rest = t; rest <= text.Length; rest++)
                    {
                        if (Glob(pattern, p + 1, text, rest))
                        {
                            return true;
                        }
                    }

                    return false;
                }

                if (t >= text.Length || pattern[p] != text[t])
                {
                    return false;
                }

                p++;
                t++;
            }

            return t == text.Length;
        }
    }
}

/// <summary>A rate-limit class: at most <see cref="Calls"/> per <see cref="Seconds"/> per IP address per endpoint.</summary>
internal sealed class BunqRateLimitClass
{
    public BunqRateLimitClass(string name, int calls, int seconds)
    {
        Name = name;
        Calls = calls;
        Seconds = seconds;
    }

    public string Name { get; }

    public int Calls { get; }

    public int Seconds { get; }

    public override string ToString() =>
        Name + "\t" + Calls.ToString(CultureInfo.InvariantCulture) + "\t" + Seconds.ToString(CultureInfo.InvariantCulture);
}
