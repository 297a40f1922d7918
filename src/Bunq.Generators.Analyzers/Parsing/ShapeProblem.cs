using Microsoft.CodeAnalysis;

namespace Bunq.Generators.Parsing;

/// <summary>Where a problem points: the analyzer turns it into a location, the generator never needs one.</summary>
internal enum ProblemSite
{
    /// <summary>The method's name, or the endpoint interface's name for an inherited method.</summary>
    Member,

    /// <summary>The route argument of the verb attribute.</summary>
    Route,

    /// <summary>The <c>[Body]</c> parameter.</summary>
    Body,

    /// <summary>The endpoint interface's name.</summary>
    Endpoint,
}

/// <summary>One thing wrong with a declaration, as the shared shape check finds it.</summary>
internal sealed class ShapeProblem
{
    public ShapeProblem(DiagnosticDescriptor descriptor, ProblemSite site, params object?[] args)
    {
        Descriptor = descriptor;
        Site = site;
        Args = args;
    }

    public DiagnosticDescriptor Descriptor { get; }

    public ProblemSite Site { get; }

    public object?[] Args { get; }

    /// <summary>Errors stop the generator from building the declaration; warnings do not.</summary>
    public bool IsError => Descriptor.DefaultSeverity == DiagnosticSeverity.Error;
}
