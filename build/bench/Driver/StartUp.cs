using System.Diagnostics;
using System.Net;

namespace Bench;

/// <summary>
/// Process start to the first answered request: starts the command after "--", asks --path (with the dispatcher's
/// token) every 10 ms until it answers 200, then stops the process with SIGTERM and waits for it to exit.
/// </summary>
public static class StartUp
{
    public static async Task<int> RunAsync(Options options)
    {
        var name = options.Text("name");
        var path = options.Text("path", "/units");
        var command = options.Rest;
        using var http = Http.Client(options.Text("base"), Environment.GetEnvironmentVariable("DISPATCHER_TOKEN"));
        http.Timeout = TimeSpan.FromSeconds(5);
        var log = options.Text("log");

        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in command[1..]) start.ArgumentList.Add(a);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        await using var output = new StreamWriter(log, append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        double? answered = null;
        while (clock.Elapsed < TimeSpan.FromSeconds(120) && !process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(path);
                if (response.StatusCode == HttpStatusCode.OK) { answered = clock.Elapsed.TotalMilliseconds; break; }
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(10);
        }

        if (!process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString()])) await term.WaitForExitAsync();
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try { await process.WaitForExitAsync(patience.Token); }
            catch (OperationCanceledException) { process.Kill(entireProcessTree: true); }
        }
        if (answered is null)
        {
            Console.Error.WriteLine($"bench: {name}: no 200 from {path} within 120 s (log: {log})");
            return 1;
        }
        Metrics.Write(options.Text("metrics"), $"{name}.ms", answered.Value);
        return 0;
    }
}
