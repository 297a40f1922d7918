using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Bunq.Catalogue;
using Bunq.Generators.Catalogue;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bunq.Generators.Tests;

/// <summary>
/// bunq's whole API declared as a user would — every operation a [BunqEndpoint] method, every request and response a
/// record with every field of bunq's object (nested objects as records of their own) — is clean; the same with
/// deliberate misspellings reports each misspelling exactly once.
/// </summary>
public partial class BunqApiCompilationTests
{
    private static BunqCatalogue Catalogue => BunqCatalogue.Embedded;

    [Fact]
    public async Task Bunqs_own_api_declared_with_every_field_reports_nothing()
    {
        ImmutableArray<Diagnostic> diagnostics = await Analyze(Source(misspell: false, out _));

        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task Misspelled_routes_and_fields_are_each_reported_once()
    {
        ImmutableArray<Diagnostic> diagnostics = await Analyze(Source(misspell: true, out List<string> expected));

        Assert.True(expected.Count >= 60, $"only {expected.Count} misspellings");
        Assert.Equal(expected.Order(StringComparer.Ordinal), diagnostics.Select(d => d.Id + " " + d.GetMessage(CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal));
    }

    private static async Task<ImmutableArray<Diagnostic>> Analyze(string source)
    {
        var compilation = TestReferences.Compilation(source);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        return await compilation.WithAnalyzers([new CatalogueAnalyzer()], new AnalyzerOptions([])).GetAnalyzerDiagnosticsAsync();
    }

    /// <summary>
    /// One interface per operation; every tenth operation gets a misspelled route, and every seventh body one misspelled
    /// property, each recorded as the message expected.
    /// </summary>
    private static string Source(bool misspell, out List<string> expected)
    {
        expected = [];
        var source = new StringBuilder("using System.Collections.Generic;\nusing System.Text.Json.Serialization;\nusing System.Threading;\nusing System.Threading.Tasks;\nusing Bunq;\nusing Refit;\n\nnamespace Api;\n\n");
        var bodies = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < Catalogue.Operations.Count; i++)
        {
            BunqOperation operation = Catalogue.Operations[i];
            int parameter = 0;
            string route = Placeholder().Replace(operation.Route, _ => "{p" + (++parameter).ToString(CultureInfo.InvariantCulture) + "}");
            string arguments = string.Concat(Enumerable.Range(1, parameter).Select(p => "long p" + p.ToString(CultureInfo.InvariantCulture) + ", "));
            string verb = operation.Verb[0] + operation.Verb[1..].ToLowerInvariant();
            string name = "Op" + i.ToString(CultureInfo.InvariantCulture);
            bool wrongRoute = misspell && i % 10 == 3;
            if (wrongRoute)
            {
                route = "/x" + route[1..]; // "/xuser/{p1}/..."
            }

            // Raw bytes as bunq takes and answers them (BUNQ022 otherwise): the file as HttpContent, its headers, a Stream back.
            string body = operation.Facts.RawBody ? "[Body] System.Net.Http.HttpContent body, " : "";
            body += string.Concat(operation.Facts.RequiredHeaders.Select((h, n) => $"[Header(\"{h}\")] string header{n.ToString(CultureInfo.InvariantCulture)}, "));
            if (!operation.Facts.RawBody && operation.RequestType is { } request && Catalogue.Type(request) is { IsDescribed: true })
            {
                string bodyType = "Body" + name;
                body = "[Body] " + bodyType + " body, ";
                string? wrong = misspell && i % 7 == 0 ? Catalogue.Type(request)!.Fields[0].Name : null;
                string? property = WriteRecord(source, bodyType, Catalogue.Type(request)!, wrong);
                if (wrong is not null && !wrongRoute)
                {
                    expected.Add($"BUNQ014 Property '{property}' of '{bodyType}' is sent as '{wrong}q', which bunq's {request} does not have; nearest field: '{wrong}'");
                }
            }

            string returns = operation.Facts.RawAnswer ? "Task<System.IO.Stream>" : "Task";
            if (!operation.Facts.RawAnswer && Catalogue.Type(operation.ResponseType) is { IsDescribed: true } response)
            {
                BunqObjectType read = Unwrapped(response);
                returns = operation.ResponseIsList ? $"Task<BunqList<Dto{read.Name}>>" : $"Task<Dto{read.Name}>";
                bodies.Add(read.Name);
            }

            if (wrongRoute)
            {
                expected.Add($"BUNQ012 Route '{route}' of method '{name}' is not one of bunq's routes; nearest: '{string.Join("', '", Catalogue.NearestRoutes(route, 3).Select(r => CatalogueRoute.WithPlaceholdersOf(r, route)))}'");
            }

            source.Append("[BunqEndpoint, Signed]\npublic interface I").Append(name).Append("\n{\n    [").Append(verb).Append("(\"").Append(route).Append("\")]\n    ")
                .Append(returns).Append(' ').Append(name).Append('(').Append(arguments).Append(body).Append("CancellationToken ct = default);\n}\n\n");
        }

        // Every object type a response reaches, as a record with every field.
        var pending = new Stack<string>(bodies);
        var written = new HashSet<string>(StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            string name = pending.Pop();
            if (!written.Add(name) || Catalogue.Type(name) is not { } type)
            {
                continue;
            }

            WriteRecord(source, "Dto" + name, type, wrong: null);
            foreach (BunqField field in type.Fields.Where(f => f.ObjectType is not null))
            {
                pending.Push(field.ObjectType!);
            }
        }

        // Request bodies name nested types by the same Dto names.
        foreach (BunqObjectType type in Catalogue.Types.Where(t => !written.Contains(t.Name)))
        {
            WriteRecord(source, "Dto" + type.Name, type, wrong: null);
        }

        return source.ToString();
    }

    /// <summary>Writes a class with a property per field; returns the property written for <paramref name="wrong"/> (its JSON name misspelled).</summary>
    private static string? WriteRecord(StringBuilder source, string name, BunqObjectType type, string? wrong)
    {
        string? wrongProperty = null;
        source.Append("public sealed class ").Append(name).Append("\n{\n");
        int index = 0;
        foreach (BunqField field in type.Fields)
        {
            string jsonName = field.Name == wrong ? wrong + "q" : field.Name;
            string element = field.ObjectType is { } nested ? "Dto" + nested : field.JsonType switch
            {
                "integer" => "long",
                "number" => "decimal",
                "boolean" => "bool",
                _ => "string",
            };
            string propertyType = field.IsArray ? $"IReadOnlyList<{element}>" : element;
            string property = Pascal(jsonName);
            bool plain = JsonNames.SnakeCase(property) == jsonName && Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsValidIdentifier(property) && property != name;
            string written = plain ? property : "F" + (index++).ToString(CultureInfo.InvariantCulture);
            wrongProperty = field.Name == wrong ? written : wrongProperty;
            source.Append(plain ? "" : $"    [JsonPropertyName(\"{jsonName}\")]\n")
                .Append("    public ").Append(propertyType).Append("? ").Append(written).Append(" { get; set; }\n");
        }

        source.Append("}\n\n");
        return wrongProperty;
    }

    /// <summary>What the runtime hands the method for a response bunq describes as its envelope's wrapper: the first object inside.</summary>
    private static BunqObjectType Unwrapped(BunqObjectType response) =>
        response.Fields.Count > 0 && response.Fields.All(f => char.IsUpper(f.Name[0]) && !f.IsArray && Catalogue.Type(f.ObjectType) is not null)
            ? Catalogue.Type(response.Fields[0].ObjectType)!
            : response;

    private static string Pascal(string jsonName) => JsonNames.Pascal(jsonName);

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Placeholder();
}
