using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Bunq.Generators.Tests;

/// <summary>Runs one code fix of <typeparamref name="TFix"/> on what <typeparamref name="TAnalyzer"/> reports, with the test references.</summary>
internal static class CodeFixVerifier<TAnalyzer, TFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TFix : CodeFixProvider, new()
{
    /// <summary>Applies the fix with <paramref name="equivalenceKey"/>; with <paramref name="fixAll"/>, Fix All must give the same result.</summary>
    public static async Task VerifyAsync(string source, string fixedSource, string equivalenceKey, bool fixAll = false)
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier>
        {
            ReferenceAssemblies = TestReferences.None,
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = equivalenceKey,
            CodeFixTestBehaviors = fixAll ? CodeFixTestBehaviors.None : CodeFixTestBehaviors.SkipFixAllCheck,
        };
        if (fixAll)
        {
            test.BatchFixedCode = fixedSource;
            test.NumberOfIncrementalIterations = null;
        }

        test.TestState.AdditionalReferences.AddRange(TestReferences.All);
        test.FixedState.AdditionalReferences.AddRange(TestReferences.All);
        test.BatchFixedState.AdditionalReferences.AddRange(TestReferences.All);
        await test.RunAsync();
    }
}
