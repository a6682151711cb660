using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Dispatch.Bench.Routing;
using Perfolizer.Horology;

// Usage: Routing --out DIR [--data DIR] [--only County,Grid10K,...] [--probe]
// Writes DIR/routing.tsv (row, ours, reference, unit, ratio, goal, met); ratio is ours / reference.
var options = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--"))
    .ToDictionary(x => x.a, x => x.i + 1 < args.Length && !args[x.i + 1].StartsWith("--") ? args[x.i + 1] : "");
Program.DataDirectory = Path.GetFullPath(options.GetValueOrDefault("--data") is { Length: > 0 } d ? d : Program.FindData());
var outDirectory = Path.GetFullPath(options.GetValueOrDefault("--out") is { Length: > 0 } o ? o : ".");
Directory.CreateDirectory(outDirectory);
string[] only = options.GetValueOrDefault("--only") is { Length: > 0 } selected ? selected.Split(',') : ["County", "Grid10K", "Grid100K", "Grid1M"];

if (options.ContainsKey("--probe"))
{
    // A quick look with a stopwatch, to size the benchmark (not what the bench reports).
    foreach (var bench in new RoutingBenchmarks[] { new County(), new Grid10K(), new Grid100K() }.Where(b => only.Contains(b.GetType().Name)))
    {
        var watch = Stopwatch.StartNew();
        bench.Setup();
        var (size, incidents) = Program.Graphs[bench.GetType().Name];
        Console.WriteLine($"{bench.GetType().Name}: setup {watch.ElapsedMilliseconds} ms, {size}");
        foreach (var (name, run) in new (string, Func<int>)[] { ("ours", bench.Ours), ("quikgraph", bench.QuikGraphPerUnit) })
        {
            run();
            watch.Restart();
            var reached = run();
            Console.WriteLine($"  {name}: {watch.Elapsed.TotalMicroseconds / incidents:F1} us/incident, {reached} ETAs");
        }
    }
    return 0;
}

// In process (no generated project to build) and few iterations, so the whole run stays within a few minutes.
// The county is cheap and gets more iterations; on the grids one baseline operation takes seconds.
Job Short(int warmups, int iterations) => Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1)
    .WithWarmupCount(warmups).WithIterationCount(iterations).WithIterationTime(TimeInterval.FromMilliseconds(250)).WithId("short");
IConfig Config(Job job) => ManualConfig.CreateEmpty().AddJob(job).AddLogger(ConsoleLogger.Default)
    .AddColumnProvider(DefaultColumnProviders.Instance).WithArtifactsPath(Path.Combine(outDirectory, "routing-artifacts"))
    .WithOptions(ConfigOptions.DisableLogFile);

var summaries = new List<Summary>();
if (only.Contains(nameof(County))) summaries.Add(BenchmarkRunner.Run<County>(Config(Short(3, 10))));
var grids = new[] { typeof(Grid10K), typeof(Grid100K), typeof(Grid1M) }.Where(t => only.Contains(t.Name)).ToArray();
if (grids.Length > 0) summaries.AddRange(BenchmarkRunner.Run(grids, Config(Short(1, 3))));

// Microseconds per incident: BenchmarkDotNet's mean per operation over the incidents one operation covers.
double? Micros(string type, string method)
{
    var report = summaries.SelectMany(s => s.Reports).FirstOrDefault(r =>
        r.BenchmarkCase.Descriptor.Type.Name == type && r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method);
    return report?.ResultStatistics?.Mean / 1000.0 / Program.Graphs[type].Incidents;
}

string F(double? v) => v is { } x ? x.ToString(x >= 100 ? "F0" : "F1", CultureInfo.InvariantCulture) : "-";
string Ratio(double? ours, double? reference) =>
    ours is { } a && reference is { } b && b > 0 ? (a / b).ToString("F4", CultureInfo.InvariantCulture) : "-";
string Size(string type) => Program.Graphs.TryGetValue(type, out var g) ? g.Size : "not run";

var rows = new List<string>();
void Row(string row, double? ours, double? reference, string goal, string met) =>
    rows.Add(string.Join('\t', row, F(ours), F(reference), "us", Ratio(ours, reference), goal, met));

var countyOurs = Micros(nameof(County), nameof(County.Ours));
var countyQuik = Micros(nameof(County), nameof(County.QuikGraphPerUnit));
Row($"routing: ETA of every unit to an incident, county graph ({Size(nameof(County))})", countyOurs, null, "< 50 us",
    countyOurs is { } c && c < 50 ? "yes" : "no");
Row("routing: county graph, ours vs QuikGraph Dijkstra once per unit", countyOurs, countyQuik, "<= 0.1 (10x faster)",
    countyOurs is { } co && countyQuik is { } cq && co * 10 <= cq ? "yes" : "no");
foreach (var type in grids.Select(t => t.Name))
{
    var quik = type == nameof(Grid1M) ? null : Micros(type, nameof(County.QuikGraphPerUnit));
    Row($"routing: generated grid ({Size(type)}), ours vs QuikGraph once per unit{(type == nameof(Grid1M) ? " (baseline not run: minutes per incident)" : "")}",
        Micros(type, nameof(County.Ours)), quik, "-", "-");
}

var tsv = Path.Combine(outDirectory, "routing.tsv");
File.WriteAllLines(tsv, rows);
Console.WriteLine($"wrote {tsv}");
foreach (var row in rows) Console.WriteLine(row);
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;

public partial class Program
{
    public static string DataDirectory { get; set; } = "";

    /// <summary>Per benchmark class: its graph's size and the incidents one operation covers, filled by the setups (in this process).</summary>
    public static Dictionary<string, (string Size, int Incidents)> Graphs { get; } = new();

    public static string FindData()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "data", "wuyang"))) return Path.Combine(dir.FullName, "data", "wuyang");
        throw new DirectoryNotFoundException("data/wuyang not found above " + AppContext.BaseDirectory);
    }
}
