using System.IO.Compression;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Bunq.Package.Tests;

/// <summary>
/// What every packed package carries for its users, read from the .nupkg and .snupkg files themselves: license, README,
/// release notes and the repository with its commit in the nuspec; a symbol package whose PDBs map every source file to
/// the repository at that commit (SourceLink) and embed the sources themselves (stepping in works offline); deterministic
/// builds with no machine path; XML documentation for every public member; and analyzers that need nothing but Roslyn.
/// </summary>
[Collection(PackedPackage.Collection)]
public sealed partial class PackageHygieneTests(PackedPackage package)
{
    private const string Repository = "https://github.com/bunq-generators/Bunq.Generators";

    /// <summary>Every package the repository ships.</summary>
    public static TheoryData<string> Packages => new(PackedPackage.Ids);

    [Theory]
    [MemberData(nameof(Packages))]
    public void The_nuspec_names_the_license_the_readme_the_release_notes_and_the_repository_at_its_commit(string id)
    {
        XElement metadata = XDocument.Parse(package.Nuspec(id)).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

        XElement license = metadata.Elements().Single(e => e.Name.LocalName == "license");
        Assert.Equal("expression", license.Attribute("type")?.Value);
        Assert.Equal("MIT", license.Value);
        Assert.Equal("README.md", Value("readme"));
        Assert.False(string.IsNullOrWhiteSpace(Value("description")));
        Assert.Contains("## 0.1.0", Value("releaseNotes"), StringComparison.Ordinal);
        Assert.Equal(Repository, Value("projectUrl"));
        XElement repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
        Assert.Equal("git", repository.Attribute("type")?.Value);
        Assert.Equal(Repository, repository.Attribute("url")?.Value);
        Assert.Equal(package.Commit, repository.Attribute("commit")?.Value);

        using ZipArchive nupkg = ZipFile.OpenRead(package.PackagePath(id));
        ZipArchiveEntry readme = nupkg.GetEntry("README.md") ?? throw new Xunit.Sdk.XunitException($"{id} has no README.md");
        using var reader = new StreamReader(readme.Open());
        Assert.StartsWith("# ", reader.ReadToEnd(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void Each_assembly_has_a_deterministic_pdb_in_the_symbol_package_with_sourcelink_and_embedded_sources(string id)
    {
        using ZipArchive nupkg = ZipFile.OpenRead(package.PackagePath(id));
        string[] assemblies = OwnAssemblies(nupkg).ToArray();
        if (assemblies.Length == 0)
        {
            Assert.False(File.Exists(package.PackagePath(id, "snupkg")), $"{id} has no assembly, so no symbol package either");
            return;
        }

        using ZipArchive snupkg = ZipFile.OpenRead(package.PackagePath(id, "snupkg"));
        foreach (string dll in assemblies)
        {
            string pdbPath = Path.ChangeExtension(dll, ".pdb");
            ZipArchiveEntry pdbEntry = snupkg.GetEntry(pdbPath) ?? throw new Xunit.Sdk.XunitException($"{id}.snupkg has no {pdbPath}");
            using var pe = new PEReader(new MemoryStream(ReadAll(nupkg.GetEntry(dll)!)));
            ImmutableDebugDirectory debug = new(pe.ReadDebugDirectory());
            Assert.True(debug.Has(DebugDirectoryEntryType.Reproducible), $"{dll}: not a deterministic build");
            CodeViewDebugDirectoryData codeView = pe.ReadCodeViewDebugDirectoryData(debug.First(DebugDirectoryEntryType.CodeView));
            Assert.StartsWith("/_/", codeView.Path.Replace('\\', '/'), StringComparison.Ordinal); // CI path map: no machine path

            using MetadataReaderProvider pdbProvider = MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(ReadAll(pdbEntry)));
            MetadataReader pdb = pdbProvider.GetMetadataReader();
            Assert.Equal(codeView.Guid, new BlobContentId(pdb.DebugMetadataHeader!.Id).Guid); // the PDB is the assembly's own

            string sourceLink = Encoding.UTF8.GetString(pdb.GetBlobBytes(CustomDebugInformation(pdb, EntityHandle.ModuleDefinition, SourceLinkKind).Single()));
            Assert.Contains($"\"/_/*\":\"https://raw.githubusercontent.com/bunq-generators/Bunq.Generators/{package.Commit}/*\"", sourceLink, StringComparison.Ordinal);

            Assert.NotEmpty(pdb.Documents);
            foreach (DocumentHandle handle in pdb.Documents)
            {
                string name = pdb.GetString(pdb.GetDocument(handle).Name);
                Assert.True(name.StartsWith("/_/", StringComparison.Ordinal), $"{dll}: machine path {name}");
                Assert.True(CustomDebugInformation(pdb, handle, EmbeddedSourceKind).Any(), $"{dll}: {name} is not embedded in the PDB");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void Every_public_member_of_a_library_has_xml_documentation(string id)
    {
        using ZipArchive nupkg = ZipFile.OpenRead(package.PackagePath(id));
        foreach (string dll in OwnAssemblies(nupkg).Where(p => p.StartsWith("lib/", StringComparison.Ordinal)))
        {
            ZipArchiveEntry xml = nupkg.GetEntry(Path.ChangeExtension(dll, ".xml")) ?? throw new Xunit.Sdk.XunitException($"{id}: {dll} has no XML documentation file beside it");
            HashSet<string> documented;
            using (Stream stream = xml.Open())
            {
                documented = XDocument.Load(stream).Descendants("member").Select(m => (string)m.Attribute("name")!).ToHashSet(StringComparer.Ordinal);
            }

            using var pe = new PEReader(new MemoryStream(ReadAll(nupkg.GetEntry(dll)!)));
            string[] missing = PublicApi.Undocumented(pe.GetMetadataReader(), documented).ToArray();
            Assert.True(missing.Length == 0, $"{id}: {dll} has public members without XML documentation:\n  " + string.Join("\n  ", missing));
        }
    }

    [Fact]
    public void The_analyzer_assemblies_reference_nothing_but_roslyn_and_each_other()
    {
        using ZipArchive nupkg = ZipFile.OpenRead(package.PackagePath("Bunq.Generators"));
        ZipArchiveEntry[] analyzers = nupkg.Entries.Where(e => e.FullName.StartsWith("analyzers/dotnet/cs/", StringComparison.Ordinal) && e.FullName.EndsWith(".dll", StringComparison.Ordinal)).ToArray();
        Assert.Equal(["Bunq.Generators.Analyzers.dll", "Bunq.Generators.CodeFixes.dll"], analyzers.Select(e => e.Name).Order(StringComparer.Ordinal));
        HashSet<string> shipped = analyzers.Select(e => Path.GetFileNameWithoutExtension(e.Name)).ToHashSet(StringComparer.Ordinal);

        foreach (ZipArchiveEntry analyzer in analyzers)
        {
            using var pe = new PEReader(new MemoryStream(ReadAll(analyzer)));
            MetadataReader reader = pe.GetMetadataReader();
            string[] references = reader.AssemblyReferences.Select(h => reader.GetString(reader.GetAssemblyReference(h).Name)).ToArray();
            // Roslyn, what Roslyn itself is built on (immutable collections, metadata, and MEF for a code fix's [Export]), and each other
            string[] beyond = references.Where(r => !(r is "netstandard" || r.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)
                || r is "System.Collections.Immutable" or "System.Reflection.Metadata" || r.StartsWith("System.Composition", StringComparison.Ordinal)
                || shipped.Contains(r))).ToArray();
            Assert.True(beyond.Length == 0, $"{analyzer.Name} references {string.Join(", ", beyond)}: the compiler loads only Roslyn and what sits beside it");
        }

        // and the package does not hand Roslyn to its users
        Assert.DoesNotContain("Microsoft.CodeAnalysis", package.Nuspec("Bunq.Generators"), StringComparison.Ordinal);
    }

    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");
    private static readonly Guid EmbeddedSourceKind = new("0E8A571B-6926-466E-B4AD-8AB04611F5FE");

    private static IEnumerable<BlobHandle> CustomDebugInformation(MetadataReader pdb, EntityHandle parent, Guid kind) =>
        pdb.GetCustomDebugInformation(parent).Select(pdb.GetCustomDebugInformation).Where(c => pdb.GetGuid(c.Kind) == kind).Select(c => c.Value);

    /// <summary>The package's own assemblies (lib/ and a tool's tools/), not the dependencies a tool package carries.</summary>
    private IEnumerable<string> OwnAssemblies(ZipArchive nupkg) =>
        nupkg.Entries.Select(e => e.FullName)
            .Where(p => p.EndsWith(".dll", StringComparison.Ordinal) && (p.StartsWith("lib/", StringComparison.Ordinal) || p.StartsWith("tools/", StringComparison.Ordinal)))
            .Where(p => !p.StartsWith("tools/", StringComparison.Ordinal) || OwnAssemblyName().IsMatch(Path.GetFileName(p)));

    [GeneratedRegex(@"^(Bunq\.|bunq-)")]
    private static partial Regex OwnAssemblyName();

    private static byte[] ReadAll(ZipArchiveEntry entry)
    {
        using Stream stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private sealed class ImmutableDebugDirectory(IEnumerable<DebugDirectoryEntry> entries)
    {
        private readonly DebugDirectoryEntry[] _entries = entries.ToArray();

        public bool Has(DebugDirectoryEntryType type) => _entries.Any(e => e.Type == type);

        public DebugDirectoryEntry First(DebugDirectoryEntryType type) => _entries.First(e => e.Type == type);
    }

    /// <summary>
    /// The public and protected surface read from metadata, matched against the XML documentation file's member ids:
    /// types by id; fields, properties and events by id; methods by name with at least as many documented overloads as
    /// visible ones. Compiler-generated members (records' Equals, accessors, …) need no documentation and are left out.
    /// </summary>
    private static class PublicApi
    {
        public static IEnumerable<string> Undocumented(MetadataReader reader, HashSet<string> documented)
        {
            foreach (TypeDefinitionHandle handle in reader.TypeDefinitions)
            {
                TypeDefinition type = reader.GetTypeDefinition(handle);
                if (!Visible(reader, type) || reader.GetString(type.Name).StartsWith('<')) // unspeakable: C# 14 extension blocks' grouping types
                {
                    continue;
                }

                string typeId = TypeId(reader, type);
                if (!documented.Contains("T:" + typeId))
                {
                    yield return "T:" + typeId;
                }

                bool isDelegate = BaseName(reader, type) == "System.MulticastDelegate";
                bool isEnum = BaseName(reader, type) == "System.Enum";
                foreach (FieldDefinitionHandle f in type.GetFields())
                {
                    FieldDefinition field = reader.GetFieldDefinition(f);
                    string name = reader.GetString(field.Name);
                    if (MemberVisible(field.Attributes & FieldAttributes.FieldAccessMask) && !(isEnum && name == "value__") && !Generated(reader, field.GetCustomAttributes())
                        && !documented.Contains($"F:{typeId}.{name}"))
                    {
                        yield return $"F:{typeId}.{name}";
                    }
                }

                foreach (PropertyDefinitionHandle p in type.GetProperties())
                {
                    PropertyDefinition property = reader.GetPropertyDefinition(p);
                    PropertyAccessors accessors = property.GetAccessors();
                    MethodDefinitionHandle accessor = accessors.Getter.IsNil ? accessors.Setter : accessors.Getter;
                    MethodDefinition method = reader.GetMethodDefinition(accessor);
                    string name = reader.GetString(property.Name);
                    if (MemberVisible(method.Attributes & MethodAttributes.MemberAccessMask) && !Generated(reader, property.GetCustomAttributes())
                        && !documented.Contains($"P:{typeId}.{name}") && !documented.Any(d => d.StartsWith($"P:{typeId}.{name}(", StringComparison.Ordinal)))
                    {
                        yield return $"P:{typeId}.{name}";
                    }
                }

                foreach (EventDefinitionHandle e in type.GetEvents())
                {
                    EventDefinition ev = reader.GetEventDefinition(e);
                    MethodDefinition adder = reader.GetMethodDefinition(ev.GetAccessors().Adder);
                    string name = reader.GetString(ev.Name);
                    if (MemberVisible(adder.Attributes & MethodAttributes.MemberAccessMask) && !documented.Contains($"E:{typeId}.{name}"))
                    {
                        yield return $"E:{typeId}.{name}";
                    }
                }

                if (isDelegate)
                {
                    continue;
                }

                IEnumerable<IGrouping<string, MethodDefinition>> methods = type.GetMethods().Select(reader.GetMethodDefinition)
                    .Where(m => MemberVisible(m.Attributes & MethodAttributes.MemberAccessMask) && !Generated(reader, m.GetCustomAttributes()))
                    .Where(m => !IsAccessor(reader, m))
                    .Where(m => !(reader.GetString(m.Name) == ".ctor" && m.GetParameters().Count == 0)) // the implicit constructor
                    .GroupBy(m => reader.GetString(m.Name).Replace('.', '#'), StringComparer.Ordinal);
                foreach (IGrouping<string, MethodDefinition> overloads in methods)
                {
                    string prefix = $"M:{typeId}.{overloads.Key}";
                    int found = documented.Count(d => d == prefix || d.StartsWith(prefix + "(", StringComparison.Ordinal) || d.StartsWith(prefix + "``", StringComparison.Ordinal));
                    if (found < overloads.Count())
                    {
                        yield return $"{prefix} ({overloads.Count()} visible, {found} documented)";
                    }
                }
            }
        }

        private static bool Visible(MetadataReader reader, TypeDefinition type)
        {
            TypeAttributes visibility = type.Attributes & TypeAttributes.VisibilityMask;
            if (visibility == TypeAttributes.Public)
            {
                return !Generated(reader, type.GetCustomAttributes());
            }

            return visibility is TypeAttributes.NestedPublic or TypeAttributes.NestedFamily or TypeAttributes.NestedFamORAssem
                && Visible(reader, reader.GetTypeDefinition(type.GetDeclaringType())) && !Generated(reader, type.GetCustomAttributes());
        }

        private static bool MemberVisible<T>(T access) where T : Enum =>
            Convert.ToInt32(access, System.Globalization.CultureInfo.InvariantCulture) is (int)MethodAttributes.Public or (int)MethodAttributes.Family or (int)MethodAttributes.FamORAssem;

        private static bool IsAccessor(MetadataReader reader, MethodDefinition method) =>
            (method.Attributes & MethodAttributes.SpecialName) != 0 && reader.GetString(method.Name) is var n
            && (n.StartsWith("get_", StringComparison.Ordinal) || n.StartsWith("set_", StringComparison.Ordinal) || n.StartsWith("add_", StringComparison.Ordinal) || n.StartsWith("remove_", StringComparison.Ordinal));

        private static bool Generated(MetadataReader reader, CustomAttributeHandleCollection attributes) =>
            attributes.Select(reader.GetCustomAttribute).Any(a => AttributeName(reader, a) is "CompilerGeneratedAttribute" or "EmbeddedAttribute");

        private static string AttributeName(MetadataReader reader, CustomAttribute attribute) => attribute.Constructor.Kind switch
        {
            HandleKind.MemberReference when reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent is { Kind: HandleKind.TypeReference } parent
                => reader.GetString(reader.GetTypeReference((TypeReferenceHandle)parent).Name),
            HandleKind.MethodDefinition => reader.GetString(reader.GetTypeDefinition(reader.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType()).Name),
            _ => string.Empty,
        };

        private static string TypeId(MetadataReader reader, TypeDefinition type)
        {
            string name = reader.GetString(type.Name);
            return type.GetDeclaringType() is { IsNil: false } outer
                ? TypeId(reader, reader.GetTypeDefinition(outer)) + "." + name
                : (type.Namespace.IsNil ? name : reader.GetString(type.Namespace) + "." + name);
        }

        private static string? BaseName(MetadataReader reader, TypeDefinition type) =>
            type.BaseType.Kind == HandleKind.TypeReference && reader.GetTypeReference((TypeReferenceHandle)type.BaseType) is var b
                ? reader.GetString(b.Namespace) + "." + reader.GetString(b.Name)
                : null;
    }
}
