namespace Bunq.Package.Tests;

/// <summary>
/// <c>dotnet new bunq-app</c> and <c>dotnet new bunq-tests</c> as a user runs them: the template package is installed from
/// the packed feed into a hive of the test's own (the user's <c>dotnet new</c> list is never touched), both templates are
/// instantiated, and the generated tests build against the packed Bunq.Generators and Bunq.Emulator.Testing and pass.
/// </summary>
[Collection(PackedPackage.Collection)]
public sealed class TemplateTests(PackedPackage package)
{
    [Fact]
    public void The_templates_make_an_app_and_its_tests_that_build_against_the_packages_and_pass()
    {
        string hive = Path.Combine(package.Work, "template-hive");
        string solution = Path.Combine(package.Work, "from-templates");
        Directory.CreateDirectory(solution);
        File.Copy(Path.Combine(package.CreateConsumer("template-feed"), "nuget.config"), Path.Combine(solution, "nuget.config"));

        PackedPackage.Run("dotnet", ["new", "install", package.PackagePath("Bunq.Templates"), "--debug:custom-hive", hive], solution).AssertSucceeded("dotnet new install");
        PackedPackage.Result list = PackedPackage.Run("dotnet", ["new", "list", "bunq", "--debug:custom-hive", hive], solution);
        list.AssertSucceeded("dotnet new list");
        Assert.Contains("bunq-app", list.Output, StringComparison.Ordinal);
        Assert.Contains("bunq-tests", list.Output, StringComparison.Ordinal);

        PackedPackage.Run("dotnet", ["new", "bunq-app", "-n", "Acme.Payroll", "--debug:custom-hive", hive], solution).AssertSucceeded("dotnet new bunq-app");
        PackedPackage.Run("dotnet", ["new", "bunq-tests", "-n", "Acme.Payroll.Tests", "--app", "Acme.Payroll", "--debug:custom-hive", hive], solution).AssertSucceeded("dotnet new bunq-tests");

        string app = Path.Combine(solution, "Acme.Payroll");
        Assert.Contains($"Include=\"Bunq.Generators\" Version=\"{package.Version}\"", File.ReadAllText(Path.Combine(app, "Acme.Payroll.csproj")), StringComparison.Ordinal);
        Assert.Matches(@"<UserSecretsId>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}</UserSecretsId>", File.ReadAllText(Path.Combine(app, "Acme.Payroll.csproj")));
        Assert.Contains("namespace Acme.Payroll;", File.ReadAllText(Path.Combine(app, "Bank.cs")), StringComparison.Ordinal);

        // the encrypted context the app keeps beside itself is never committed: git, asked in the new app, ignores it
        PackedPackage.Run("git", ["init", "-q"], app).AssertSucceeded("git init");
        File.WriteAllText(Path.Combine(app, "bunq-context.json"), "{}");
        PackedPackage.Result ignored = PackedPackage.Run("git", ["status", "--porcelain", "--untracked-files=all"], app);
        ignored.AssertSucceeded("git status");
        Assert.Contains(".gitignore", ignored.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("bunq-context.json", ignored.Output, StringComparison.Ordinal);
        File.Delete(Path.Combine(app, "bunq-context.json"));

        // the app alone builds with no warning (an unsigned endpoint or a missing package would show here)
        PackedPackage.Result built = PackedPackage.Run("dotnet", ["build", "-c", "Release", "-warnaserror"], app);
        built.AssertSucceeded("build of the app");

        PackedPackage.Result tested = PackedPackage.Run("dotnet", ["test", "-c", "Release"], Path.Combine(solution, "Acme.Payroll.Tests"));
        tested.AssertSucceeded("dotnet test of the generated tests");
        Assert.Matches(@"Passed!\s+- Failed:\s+0, Passed:\s+4, Skipped:\s+0", tested.Output);
    }
}
