namespace Bunq;

/// <summary>
/// Marks a Refit interface as a set of bunq endpoints. The Bunq.Generators source generator adds each such interface
/// to the endpoint manifest and the analyzers check its shape (signing, verbs, routes).
/// </summary>
[AttributeUsage(AttributeTargets.Interface, Inherited = false, AllowMultiple = false)]
public sealed class BunqEndpointAttribute : Attribute;

/// <summary>
/// Declares that a method's request body is signed with the client key (<c>X-Bunq-Client-Signature</c>).
/// On an interface it covers every method. bunq requires signatures on session and payment calls; Bunq.Generators
/// requires it on every endpoint (BUNQ001).
/// </summary>
[AttributeUsage(AttributeTargets.Interface | AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class SignedAttribute : Attribute;

/// <summary>
/// Marks a <c>partial class</c> as a bunq client: the generator adds one property per <see cref="BunqEndpointAttribute"/>
/// interface, <c>ConnectAsync</c> and a dependency-injection extension.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class BunqClientAttribute : Attribute;

/// <summary>
/// Includes the <see cref="BunqEndpointAttribute"/> interfaces of another assembly (a shared contracts project or package)
/// in every <see cref="BunqClientAttribute"/> class of this one: <c>[assembly: BunqEndpointsFrom(typeof(Contracts.IUsers))]</c>
/// names the assembly by any type in it. Without it a client includes only its own project's endpoint interfaces, and
/// the analyzer says which ones of referenced assemblies it leaves out (BUNQ020).
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class BunqEndpointsFromAttribute : Attribute
{
    /// <summary>Names the assembly that defines <paramref name="typeInAssembly"/>.</summary>
    /// <param name="typeInAssembly">Any type of that assembly, usually one of its endpoint interfaces.</param>
    public BunqEndpointsFromAttribute(Type typeInAssembly) => TypeInAssembly = typeInAssembly;

    /// <summary>The type that names the assembly.</summary>
    public Type TypeInAssembly { get; }
}
