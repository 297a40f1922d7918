using System;
using System.Collections.Immutable;
using System.Linq;
using Bunq.Catalogue;
using Bunq.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bunq.Generators.Catalogue;

/// <summary>
/// BUNQ022: a method's body and answer against the catalogue's raw-byte facts. An attachment upload takes the file's
/// bytes (Stream, HttpContent or byte[], which Refit sends as they are) and the description header; every …/content
/// read answers the file's bytes; every other operation takes bunq's JSON object. Part of the catalogue analyzer, which
/// skips its field checks (BUNQ014, BUNQ016) wherever bytes, not JSON, are sent or read.
/// </summary>
internal static class RawBytesCheck
{
    /// <summary>Diagnostic property: which fix applies (<see cref="RawBodyFix"/>, <see cref="RawAnswerFix"/> or <see cref="HeaderFix"/>).</summary>
    internal const string FixProperty = "RawFix";

    /// <summary>Diagnostic property: the header a <see cref="HeaderFix"/> adds.</summary>
    internal const string HeaderProperty = "Header";

    internal const string RawBodyFix = "Body";
    internal const string RawAnswerFix = "Answer";
    internal const string HeaderFix = "Header";
    private const string NoFix = "None";

    /// <summary>Reports what does not match; returns whether the body and the answer are bytes, for the field checks to skip.</summary>
    public static (bool RawBody, bool RawAnswer) Check(SymbolAnalysisContext context, IMethodSymbol method, IParameterSymbol? body, BunqOperation operation,
        KnownSymbols symbols, Location routeLocation)
    {
        OperationFacts facts = operation.Facts;
        string what = operation.Verb + " " + operation.Route;
        bool rawBody = body is not null && symbols.IsRawBody(body.Type);
        if (body is not null && facts.RawBody != rawBody)
        {
            Location at = body.Locations.FirstOrDefault() ?? routeLocation;
            string problem = facts.RawBody
                ? $"sends '{body.Type.ToDisplayString()}' as JSON to '{what}', which takes the file's raw bytes: declare the body as HttpContent (with its Content-Type), Stream or byte[]"
                : $"sends '{body.Type.ToDisplayString()}' as raw bytes to '{what}', which takes bunq's JSON object {operation.RequestType ?? "(none)"}: declare a type bunq's request object describes";
            Report(context, at, facts.RawBody ? RawBodyFix : NoFix, null, method.Name, problem);
        }

        bool rawAnswer = IsRawAnswer(method.ReturnType, symbols);
        if (facts.RawAnswer && !rawAnswer && AnswerType(method.ReturnType, symbols) is { } read)
        {
            Location at = (method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(context.CancellationToken) as MethodDeclarationSyntax)?.ReturnType.GetLocation()
                ?? method.Locations.FirstOrDefault() ?? routeLocation;
            Report(context, at, RawAnswerFix, null, method.Name,
                $"reads '{what}' as '{read.ToDisplayString()}', but bunq answers the file's raw bytes: return Task<Stream>, Task<byte[]>, Task<HttpContent> or Task<HttpResponseMessage>");
        }

        foreach (string header in facts.RequiredHeaders)
        {
            if (!SendsHeader(method, header, symbols))
            {
                Report(context, method.Locations.FirstOrDefault() ?? routeLocation, HeaderFix, header, method.Name,
                    $"calls '{what}' without the {header} header bunq requires there: add a [Header(\"{header}\")] string parameter");
            }
        }

        return (rawBody || facts.RawBody, rawAnswer || facts.RawAnswer);
    }

    /// <summary>A raw answer, also inside Refit's ApiResponse&lt;T&gt;.</summary>
    private static bool IsRawAnswer(ITypeSymbol type, KnownSymbols symbols) =>
        symbols.IsRawAnswer(type)
        || (AnswerType(type, symbols) is INamedTypeSymbol { TypeArguments.Length: 1 } response && KnownSymbols.Is(response, symbols.ApiResponse)
            && symbols.IsRawAnswer(response.TypeArguments[0]));

    /// <summary>T of Task&lt;T&gt;; null for Task, void and anything else that reads no answer.</summary>
    private static ITypeSymbol? AnswerType(ITypeSymbol type, KnownSymbols symbols) =>
        type is INamedTypeSymbol { TypeArguments.Length: 1 } task && KnownSymbols.Is(task, symbols.Task) ? task.TypeArguments[0] : null;

    /// <summary>A [Header("name")] parameter, or [Headers("name: value")] on the method or its interface (Refit's two ways).</summary>
    private static bool SendsHeader(IMethodSymbol method, string header, KnownSymbols symbols)
    {
        bool Named(string? text) => text is not null && (string.Equals(text.Trim(), header, StringComparison.OrdinalIgnoreCase)
            || text.TrimStart().StartsWith(header + ":", StringComparison.OrdinalIgnoreCase));

        if (method.Parameters.Any(p => KnownSymbols.Find(p, symbols.Header) is { ConstructorArguments.Length: 1 } named && Named(named.ConstructorArguments[0].Value as string)))
        {
            return true;
        }

        return new ISymbol[] { method, method.ContainingType }.SelectMany(s => s.GetAttributes())
            .Where(a => KnownSymbols.DerivesFrom(a.AttributeClass, symbols.Headers))
            .SelectMany(a => a.ConstructorArguments.SelectMany(arg => arg.Kind == TypedConstantKind.Array ? arg.Values : ImmutableArray.Create(arg)))
            .Any(value => Named(value.Value as string));
    }

    private static void Report(SymbolAnalysisContext context, Location location, string fix, string? header, params object?[] arguments)
    {
        var properties = ImmutableDictionary<string, string?>.Empty.Add(FixProperty, fix).Add(HeaderProperty, header);
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.RawBytesMismatch, location, properties, arguments));
    }
}
