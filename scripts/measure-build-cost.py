#!/usr/bin/env python3
"""Command-line build cost of our generator + analyzers against Refit's, as the compiler itself accounts for them.

Usage: scripts/measure-build-cost.py FEED VERSION [BUILDS]            P2b: per-assembly analyzer/generator times
       scripts/measure-build-cost.py --user-side FEED VERSION [BUILDS] P2c: the compiler's task time, ours vs Refit alone
  FEED     a folder holding Bunq.Generators.VERSION.nupkg (dotnet pack src/Bunq.Generators -c Release -o FEED -p:Version=VERSION)
  BUILDS   how many cold builds (default 3; P2c: of each project, alternating); the report gives each build and medians

P2c (--user-side) is the build cost as a user feels it: two projects declare the same 472 interfaces, one with
Bunq.Generators ([BunqEndpoint, Signed] and a [BunqClient]), one referencing Refit alone (the same Refit attributes,
nothing of ours). They are built alternately, each build cold (`--no-incremental`, and
`-p:UseSharedCompilation=false` so every build starts a fresh compiler that loads and JITs its generators, as a first
build does), and the Csc task's time is read from MSBuild's performance summary (`-clp:PerformanceSummary`). The
result is the median Csc time of each project and their ratio (ours / Refit alone).

It writes a fresh console project (in a temporary folder, outside this repository's build settings) that references
only the package and declares bunq's user-facing operations from data/bunq-catalogue.txt (every operation except the
context-creation routes, which belong to the bootstrapper) as [BunqEndpoint, Signed] interfaces, one per first path
segment; then runs `dotnet build --no-incremental -p:ReportAnalyzer=true -v:detailed` BUILDS times and reads csc's
"Total analyzer execution time" and "Total generator execution time" tables, per assembly.

That table charges the compiler's shared work to whichever generator asks for it first: binding the attributes and
declarations of the 472 methods (which the compiler must bind anyway to emit them) and getting the declared symbols
that ForAttributeWithMetadataName needs. csc runs generators in the order of its /analyzer arguments, and NuGet lists
Bunq.Generators before Refit, so in the default order our generator pays for it. Each round therefore builds twice:
in the default order (the issue's measure), and with our assemblies moved to the end of the /analyzer list, where
the shared work has been paid before our generator runs (by Refit's, or another). "Own work" compares each package's
time when it is not the one paying: ours from the second build with Refit's from the first.
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Moves our analyzer assemblies to the end of csc's /analyzer list for one build (-p:BunqCostOursLast=true).
ORDER_TARGETS = """<Project>
  <Target Name="BunqCostOursLast" BeforeTargets="CoreCompile" Condition="'$(BunqCostOursLast)' == 'true'">
    <ItemGroup>
      <_BunqCostOurs Include="@(Analyzer)" Condition="$([System.String]::Copy('%(Analyzer.Filename)').StartsWith('Bunq.'))" />
      <Analyzer Remove="@(_BunqCostOurs)" />
      <Analyzer Include="@(_BunqCostOurs)" />
    </ItemGroup>
  </Target>
</Project>
"""
# A library project that references one package: the package under test, or Refit alone.
CONSUMER_PROJECT = """<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Library</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="%s" Version="%s" />
  </ItemGroup>
</Project>
"""


def write_nuget_config(folder, feed):
    """Restores from the packed feed (and nothing else this script chooses)."""
    with open(os.path.join(folder, "nuget.config"), "w") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n<configuration><packageSources>'
                '<add key="bunq-cost-feed" value="%s" /></packageSources></configuration>\n' % os.path.abspath(feed))


ROW = re.compile(r"^\s*<?(\d+(?:\.\d+)?)\s+<?\d+\s+([A-Za-z][\w.]*), Version=")


def endpoints(bunq=True):
    operations = []
    with open(os.path.join(ROOT, "data", "bunq-catalogue.txt"), encoding="utf-8") as catalogue:
        for line in catalogue:
            parts = line.rstrip("\n").split("\t")
            if parts[0] == "O":
                operations.append((parts[1], parts[2], len(parts) > 10 and parts[10] == "context"))
    # The groups of the catalogue's context routes (its context fact: installation, device-server, session-server)
    # belong to the bootstrapper: declaring them is BUNQ004.
    context = {route.strip("/").split("/")[0] for _, route, is_context in operations if is_context}
    groups = {}
    for verb, route, _ in operations:
        segment = route.strip("/").split("/")[0]
        if segment not in context:
            groups.setdefault(segment, []).append((verb, route))
    out = (["using Bunq;"] if bunq else []) + ["using Refit;", "", "namespace Consumer;", ""]
    count = 0
    for segment, group in groups.items():
        name = "".join(p[:1].upper() + p[1:] for p in segment.split("-"))
        if bunq:
            out.append("[BunqEndpoint, Signed]")
        out.append("public interface I%sApi" % name)
        out.append("{")
        for verb, route in group:
            count += 1
            parameters = []

            def placeholder(_):
                parameters.append("p%d" % (len(parameters) + 1))
                return "{%s}" % parameters[-1]
            route = re.sub(r"\{[^}]+\}", placeholder, route)
            arguments = "".join("long %s, " % p for p in parameters)
            out.append('    [%s("%s")]' % (verb[0] + verb[1:].lower(), route))
            out.append("    Task<string> Op%d(%sCancellationToken ct = default);" % (count, arguments))
        out.append("}")
        out.append("")
    if bunq:
        out.append("[BunqClient]")
        out.append("public partial class Bank;")
    return "\n".join(out) + "\n", count


def tables(log):
    """{(section, assembly): seconds} from csc's ReportAnalyzer output."""
    result, section = {}, None
    for line in log.splitlines():
        if "Total analyzer execution time" in line:
            section = "analyzers"
        elif "Total generator execution time" in line:
            section = "generators"
        elif section:
            match = ROW.match(line)
            if match:
                key = (section, match.group(2))
                result[key] = result.get(key, 0.0) + float(match.group(1))
    return result


def build(project, env, ours_last):
    done = subprocess.run(["dotnet", "build", "--no-restore", "--no-incremental", "-p:ReportAnalyzer=true", "-v:detailed",
                           "-p:BunqCostOursLast=%s" % str(ours_last).lower()], cwd=project, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit("build failed:\n" + done.stdout[-4000:])
    return tables(done.stdout)


def ours(run):
    return sum(v for (s, a), v in run.items() if a.startswith("Bunq."))


def refit(run):
    return sum(v for (s, a), v in run.items() if a.startswith(("Refit", "InterfaceStubGenerator")))


def describe(run):
    return ", ".join("%s %s %.3f" % (a, s, v) for (s, a), v in sorted(run.items()) if a.startswith(("Bunq.", "Refit", "InterfaceStub")))


CSC_TASK = re.compile(r"^\s*(\d+) ms\s+Csc\s+\d+ calls?")


def csc_time(project, env):
    """Seconds the Csc task took in one cold build, from MSBuild's task performance summary."""
    done = subprocess.run(["dotnet", "build", "--no-restore", "--no-incremental", "-p:UseSharedCompilation=false",
                           "-clp:PerformanceSummary"], cwd=project, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit("build failed in %s:\n%s" % (project, done.stdout[-4000:]))
    section = False
    for line in done.stdout.splitlines():
        if "Task Performance Summary" in line:
            section = True
        elif section and CSC_TASK.match(line):
            return int(CSC_TASK.match(line).group(1)) / 1000.0
    sys.exit("no Csc task time in the performance summary of %s" % project)


def user_side(feed, version, builds):
    work = tempfile.mkdtemp(prefix="bunq-build-cost-p2c-")
    for name in ("Directory.Build.props", "Directory.Packages.props", "Directory.Build.targets"):
        with open(os.path.join(work, name), "w") as f:
            f.write("<Project />\n")
    write_nuget_config(work, feed)
    env = dict(os.environ, DOTNET_CLI_TELEMETRY_OPTOUT="1", DOTNET_NOLOGO="1", MSBUILDDISABLENODEREUSE="1", DOTNET_CLI_USE_MSBUILD_SERVER="0")
    projects = {}
    for name, package, package_version, bunq in (("bunq", "Bunq.Generators", version, True), ("refit", "Refit", REFIT_VERSION, False)):
        project = os.path.join(work, name)
        os.makedirs(project)
        with open(os.path.join(project, "Consumer.csproj"), "w") as f:
            f.write(CONSUMER_PROJECT % (package, package_version))
        source, count = endpoints(bunq)
        with open(os.path.join(project, "Endpoints.cs"), "w") as f:
            f.write(source)
        subprocess.run(["dotnet", "restore"], cwd=project, env=env, check=True, stdout=subprocess.DEVNULL)
        projects[name] = project
    print("%d operations declared in each project (Bunq.Generators %s; Refit %s alone); projects in %s" % (count, version, REFIT_VERSION, work))
    times = {"bunq": [], "refit": []}
    for i in range(builds):
        # Alternating, and which goes first alternates too: drift in the machine's load falls on both alike.
        order = ("bunq", "refit") if i % 2 == 0 else ("refit", "bunq")
        for name in order:
            times[name].append(csc_time(projects[name], env))
        print("build %d: Csc ours %.3f s, Refit alone %.3f s, ratio %.2f" % (
            i + 1, times["bunq"][-1], times["refit"][-1], times["bunq"][-1] / times["refit"][-1]))
    o, r = statistics.median(times["bunq"]), statistics.median(times["refit"])
    print("median of %d alternating cold builds: Csc ours %.3f s, Refit alone %.3f s" % (builds, o, r))
    print("P2c ratio (median ours / median Refit alone): %.2f" % (o / r))


def refit_version():
    with open(os.path.join(ROOT, "Directory.Packages.props"), encoding="utf-8") as props:
        return re.search(r'<PackageVersion Include="Refit" Version="([^"]+)"', props.read()).group(1)


REFIT_VERSION = refit_version()


def main():
    if sys.argv[1] == "--user-side":
        user_side(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 3)
        return
    feed, version = sys.argv[1], sys.argv[2]
    builds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    work = tempfile.mkdtemp(prefix="bunq-build-cost-")
    for name in ("Directory.Build.props", "Directory.Packages.props"):
        with open(os.path.join(work, name), "w") as f:
            f.write("<Project />\n")
    with open(os.path.join(work, "Directory.Build.targets"), "w") as f:
        f.write(ORDER_TARGETS)
    project = os.path.join(work, "consumer")
    os.makedirs(project)
    with open(os.path.join(project, "Consumer.csproj"), "w") as f:
        f.write(CONSUMER_PROJECT % ("Bunq.Generators", version))
    write_nuget_config(project, feed)
    source, count = endpoints()
    with open(os.path.join(project, "Endpoints.cs"), "w") as f:
        f.write(source)
    env = dict(os.environ, DOTNET_CLI_TELEMETRY_OPTOUT="1", DOTNET_NOLOGO="1", MSBUILDDISABLENODEREUSE="1", DOTNET_CLI_USE_MSBUILD_SERVER="0")
    subprocess.run(["dotnet", "restore"], cwd=project, env=env, check=True, stdout=subprocess.DEVNULL)
    print("%d operations declared; project in %s" % (count, project))
    default, last = [], []
    for i in range(builds):
        default.append(build(project, env, False))
        last.append(build(project, env, True))
        print("build %d, default order: %s | ours %.3f s, Refit %.3f s, ratio %.2f" % (
            i + 1, describe(default[-1]), ours(default[-1]), refit(default[-1]), ours(default[-1]) / refit(default[-1])))
        print("build %d, ours last:     %s | ours %.3f s, Refit %.3f s" % (i + 1, describe(last[-1]), ours(last[-1]), refit(last[-1])))
    print("median of %d builds, default order:" % builds)
    for key in sorted({k for r in default for k in r}):
        if key[1].startswith(("Bunq.", "Refit", "InterfaceStub")):
            print("  %-10s %-40s %.3f s" % (key[0], key[1], statistics.median(r.get(key, 0.0) for r in default)))
    o, r = statistics.median(map(ours, default)), statistics.median(map(refit, default))
    print("default order (the compiler's accounting): ours %.3f s, Refit %.3f s, ratio %.2f" % (o, r, o / r))
    o2, r2 = statistics.median(map(ours, last)), statistics.median(map(refit, last))
    print("ours last: ours %.3f s, Refit %.3f s" % (o2, r2))
    print("own work (ours when last / Refit in the default order, neither paying the shared work): ratio %.2f" % (o2 / r))


if __name__ == "__main__":
    main()
