using System;
using System.Linq;
using Bunq.Generators.Emitting;
using Bunq.Generators.Model;
using Bunq.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Bunq.Generators;

/// <summary>
/// Completes each <c>[BunqClient]</c> partial class with a property per <c>[BunqEndpoint]</c> interface, the endpoint
/// manifest, <c>ConnectAsync</c>, <c>DisposeAsync</c> and a dependency-injection extension.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class BunqGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValueProvider<EquatableArray<EndpointInterfaceSpec>> endpoints = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownTypeNames.BunqEndpointAttribute,
                static (node, _) => node is InterfaceDeclarationSyntax,
                SpecParser.ParseEndpoint)
            .WithTrackingName(TrackingNames.Endpoints)
            .Where(static spec => spec is not null)
            .Collect()
            .Select(static (all, _) => all
                .Select(spec => spec!)
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
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!);

        IncrementalValuesProvider<ClientModel> models = clients
            .Combine(endpoints)
            .Select(static (pair, _) => new ClientModel(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.ClientModels);

        context.RegisterSourceOutput(models, static (output, model) =>
            output.AddSource(model.Client.HintName, ClientEmitter.Emit(model)));
    }
}
