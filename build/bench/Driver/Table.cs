using System.Globalization;
using System.Text;

namespace Bench;

/// <summary>
/// The table: the rows command turns this run's metrics into the rows of bench.sh's own parts ($BENCH_OUT/&lt;part&gt;.tsv,
/// the same format the part scripts write: row, ours, reference, unit, ratio, goal, met); the table command prints
/// every part's rows as one markdown table.
/// </summary>
public static class Table
{
    /// <summary>Parts in the issue's order; a part script's file not named here comes after them.</summary>
    private static readonly string[] Order = ["floor", "dispatch-latency", "dispatch-throughput", "routing", "feed", "rebuild", "startup", "peer"];

    private static string F(double? v) => v is null ? "-" : v.Value.ToString(v.Value >= 100 ? "0" : "0.0#", CultureInfo.InvariantCulture);

    public static int Rows(Options options)
    {
        var m = Metrics.Read(options.Text("metrics"));
        var dir = options.Text("out");
        double? Get(string name) => m.TryGetValue(name, out var v) ? v : null;
        string Times(double? ours, double? reference) => ours is null || reference is null or 0 ? "-" : F(ours / reference) + "x";
        string Share(double? ours, double? reference) => ours is null || reference is null or 0 ? "-" : F(100 * ours / reference) + "%";
        string Met(bool? ok) => ok is null ? "no" : ok.Value ? "yes" : "no";
        string Row(string row, double? ours, double? reference, string unit, string ratio, string goal, string met) =>
            string.Join('\t', row, ours is null ? "failed" : F(ours), F(reference), unit, ratio, goal, met);
        void Write(string part, params string[] rows) => File.WriteAllLines(Path.Combine(dir, part + ".tsv"), rows);

        var floor = Get("floor.p50");
        var floorTps = Get("floor.tps");
        Write("floor",
            Row("Floor: one transaction inserting two jsonb rows, 1 client, p50", floor, null, "ms", "-", "-", "-"),
            Row("Floor: the same, 1 client, p99", Get("floor.p99"), null, "ms", "-", "-", "-"),
            Row("Floor: the same, 8 clients", floorTps, null, "tx/s", "-", "-", "-"));

        var p50 = Get("dispatch.p50");
        var p99 = Get("dispatch.p99");
        Write("dispatch-latency",
            Row("Dispatch latency, report to chosen unit, 1 client, p50 (vs floor p50)", p50, floor, "ms", Times(p50, floor), "<= 5x",
                Met(p50 is null || floor is null ? null : p50 <= 5 * floor)),
            Row("Dispatch latency, p90 (vs floor p50)", Get("dispatch.p90"), floor, "ms", Times(Get("dispatch.p90"), floor), "-", "-"),
            Row("Dispatch latency, p99 (vs floor p50)", p99, floor, "ms", Times(p99, floor), "<= 20x",
                Met(p99 is null || floor is null ? null : p99 <= 20 * floor)));

        var tps = Get("throughput.per_second");
        Write("dispatch-throughput",
            Row("Dispatch throughput, 8 clients, units clearing (vs floor 8 clients)", tps, floorTps, "dispatches/s", Share(tps, floorTps), ">= 25%",
                Met(tps is null || floorTps is null ? null : tps >= 0.25 * floorTps)),
            Row("Dispatch latency under that load, p50", Get("throughput.p50"), null, "ms", "-", "-", "-"));

        Write("feed",
            Row("Feed: append to SSE delivery, p50", Get("feed.p50"), null, "ms", "-", "-", "-"),
            Row("Feed: append to SSE delivery, p99", Get("feed.p99"), null, "ms", "-", "-", "-"),
            Row("Feed: before it, the asynchronous projections catching up after the dispatch workloads", Get("daemon.catchup.ms"), null,
                "ms", "-", "-", "-"));

        var second = Get("startup.second.ms");
        Write("startup",
            Row("Start-up to first answered request (database already migrated)", second, null, "ms", "-", "< 3000 ms",
                Met(second is null ? null : second < 3000)),
            Row("Start-up, first start on an empty schema (creates it)", Get("startup.first.ms"), null, "ms", "-", "-", "-"));

        var peer50 = Get("peer.p50");
        var peer99 = Get("peer.p99");
        Write("peer",
            Row("Peer: sequential create, ours (dispatch p50) vs sample-style service p50", p50, peer50, "ms", Times(p50, peer50), "-", "-"),
            Row("Peer: the same, p99", p99, peer99, "ms", Times(p99, peer99), "-", "-"));
        return 0;
    }

    public static int Print(Options options)
    {
        var dir = options.Text("out");
        var files = Directory.GetFiles(dir, "*.tsv").Select(f => Path.GetFileNameWithoutExtension(f)!)
            .OrderBy(p => Array.IndexOf(Order, p) is var i and >= 0 ? i : Order.Length).ThenBy(p => p, StringComparer.Ordinal);
        var table = new StringBuilder();
        table.AppendLine("| part | measure | ours | reference | unit | ratio | goal | met |");
        table.AppendLine("|---|---|---:|---:|---|---:|---|---|");
        foreach (var part in files)
            foreach (var line in File.ReadAllLines(Path.Combine(dir, part + ".tsv")).Where(l => l.Trim().Length > 0))
            {
                var cells = line.Split('\t');
                if (cells.Length != 7) cells = [.. cells.Take(7), .. Enumerable.Repeat("?", Math.Max(0, 7 - cells.Length))];
                table.AppendLine($"| {part} | {string.Join(" | ", cells.Select(c => c.Replace("|", "\\|")))} |");
            }
        Console.Write(table);
        return 0;
    }
}
