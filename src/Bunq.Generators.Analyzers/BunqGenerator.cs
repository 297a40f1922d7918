using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Bunq.Generators.Emitting;
using Bunq.Generators.Model;
using Bunq.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Bunq.Generators;

/// <summary>
/// Completes each <c>[BunqClient]</c> partial class with a property per <c>[BunqEndpoint]</c> interface (its own
/// project's, and those of assemblies named by <c>[assembly: BunqEndpointsFrom(typeof(T))]</c>), the endpoint manifest,
/// <c>ConnectAsync</c>, <c>DisposeAsync</c> and a dependency-injection extension.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class BunqGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValueProvider<ImmutableArray<EndpointInterfaceSpec?>> local = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownTypeNames.BunqEndpointAttribute,
                static (node, _) => node is InterfaceDeclarationSyntax,
                SpecParser.ParseEndpoint)
            .WithTrackingName(TrackingNames.Endpoints)
            .Collect();

        // [assembly: ...] attributes arrive with the compilation unit as their target; the referenced assembly's
        // interfaces are reduced to specs (values) here, before anything is combined.
        IncrementalValueProvider<ImmutableArray<EquatableArray<EndpointInterfaceSpec>>> included = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownTypeNames.BunqEndpointsFromAttribute,
                static (node, _) => node is CompilationUnitSyntax,
                SpecParser.ParseIncluded)
            .WithTrackingName(TrackingNames.IncludedEndpoints)
            .Collect();

        IncrementalValueProvider<EquatableArray<EndpointInterfaceSpec>> endpoints = local
            .Combine(included)
            .Select(static (pair, _) => pair.Left
                .Where(spec => spec is not null)
                .Select(spec => spec!)
                .Concat(pair.Right.SelectMany(specs => specs))
                .GroupBy(spec => spec.FullyQualifiedName, StringComparer.Ordinal) // one spec per partial interface
                .Select(group => group.First())
                .OrderBy(spec => spec.FullyQualifiedName, StringComparer.Ordinal)
                .ToEquatableArray())
            .WithTrackingName(TrackingNames.AllEndpoints);

        IncrementalValuesProvider<ClientSpec> clients = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownTypeNames.BunqClientAttribute,
                static (node, _) => node is ClassDeclarationSyntax declaration && declaration.Modifiers.Any(SyntaxKind.PartialKeyword),
                SpecParser.ParseClient)
            .WithTrackingName(TrackingNames.Clients)
            .Collect()
            .Select(static (all, _) => UniqueClients(all))
            .WithTrackingName(TrackingNames.UniqueClients)
            .SelectMany(static (all, _) => all);

        IncrementalValuesProvider<ClientModel> models = clients
            .Combine(endpoints)
            .Select(static (pair, _) => new ClientModel(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.ClientModels);

        context.RegisterSourceOutput(models, static (output, model) =>
            output.AddSource(model.Client.HintName, ClientEmitter.Emit(model)));
    }

    /// <summary>
    /// One spec per class (a partial class may carry the attribute on several declarations), each with a hint name no
    /// other differs from only in case (<c>Bank</c> and <c>bank</c> are two classes, but one file name to the compiler).
    /// </summary>
    private static EquatableArray<ClientSpec> UniqueClients(ImmutableArray<ClientSpec?> all)
    {
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var unique = new List<ClientSpec>();
        foreach (ClientSpec client in all
            .Where(c => c is not null)
            .Select(c => c!)
            .GroupBy(c => c.FullyQualifiedName, StringComparer.Ordinal)
            .Select(g => g.First())
            .OrderBy(c => c.HintName, StringComparer.Ordinal))
        {
            string stem = client.HintName.Substring(0, client.HintName.Length - ".g.cs".Length);
            string hint = client.HintName;
            for (int n = 2; !used.Add(hint); n++)
            {
                hint = stem + "." + n.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".g.cs";
            }

            unique.Add(client with { HintName = hint });
        }

        return unique.ToEquatableArray();
    }
}
