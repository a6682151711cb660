using System.Diagnostics;
using System.Net;

namespace Bench;

/// <summary>
/// Clients reporting incidents one after another, each request timed from send to the answer a dispatcher gets: 201 with
/// the chosen unit (after a 202, until the decision is readable at the incident's URL). With --close the incident is
/// closed after it is timed, which frees its unit for the next report, as units clearing would. Against the peer
/// service (--peer) a create is done at its 201.
/// </summary>
public static class CreateWorkload
{
    public static async Task<int> RunAsync(Options options)
    {
        var name = options.Text("name");
        var metricsFile = options.Text("metrics");
        var clients = options.Number("clients", 1);
        var warmup = options.Number("warmup", 100);
        var count = options.Number("count", 1000);
        var peer = options.Flag("peer");
        var places = Places.Load(options.Text("places"));
        using var http = Http.Client(options.Text("base"), peer ? null : Options.Env("DISPATCHER_TOKEN"));

        var failures = 0;
        var noUnit = 0;
        async Task<double?> One(int n)
        {
            var place = places[(n % places.Count + places.Count) % places.Count];
            var clock = Stopwatch.StartNew();
            using var response = await http.PostAsync("/incidents", Http.Json(Places.Report(place, n)));
            if (peer)
            {
                if (response.StatusCode != HttpStatusCode.Created) { Interlocked.Increment(ref failures); return null; }
                return clock.Elapsed.TotalMilliseconds;
            }
            if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.Accepted))
            {
                Interlocked.Increment(ref failures);
                Console.Error.WriteLine($"bench: POST /incidents answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                return null;
            }
            var body = await Http.ReadJson(response);
            var id = (string)body!["id"]!;
            while ((string?)body?["status"] == "awaiting-unit" && body["decisions"]?.AsArray().Count is null or 0)
            {
                await Task.Delay(5);
                using var poll = await http.GetAsync($"/incidents/{id}");
                body = await Http.ReadJson(poll);
            }
            var elapsed = clock.Elapsed.TotalMilliseconds;
            if ((string?)body?["status"] != "dispatched") Interlocked.Increment(ref noUnit);
            if (options.Flag("close"))
            {
                using var close = await http.PostAsync($"/incidents/{id}/close", Http.Json(new { reason = "基准测试结束" }));
                if (!close.IsSuccessStatusCode) Interlocked.Increment(ref failures);
            }
            return elapsed;
        }

        // Warm-up: JIT, connection pools, Marten's and Wolverine's first use, the road graph in cache.
        for (var i = 0; i < warmup; i++) await One(-1 - i);
        failures = 0;
        noUnit = 0;

        var samples = new Samples();
        var next = -1;
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            for (var n = Interlocked.Increment(ref next); n < count; n = Interlocked.Increment(ref next))
                if (await One(n) is { } ms) samples.Add(ms);
        })));
        var seconds = wall.Elapsed.TotalSeconds;

        Console.WriteLine($"bench: {name}: {samples.Count} of {count} answered in {seconds:F1} s with {clients} client(s); " +
                          $"{failures} failed, {noUnit} without a unit");
        Metrics.Write(metricsFile, $"{name}.p50", samples.Percentile(50));
        Metrics.Write(metricsFile, $"{name}.p90", samples.Percentile(90));
        Metrics.Write(metricsFile, $"{name}.p99", samples.Percentile(99));
        Metrics.Write(metricsFile, $"{name}.per_second", samples.Count / seconds);
        Metrics.Write(metricsFile, $"{name}.failed", failures + noUnit);
        return failures + noUnit > count / 100 ? 1 : 0;
    }
}
