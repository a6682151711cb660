using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Dispatch.Api.Tests;

/// <summary>
/// The built Dispatch.Api as a real process on a free loopback port, trusting the tests' identity provider; every
/// line it writes to stdout and stderr is kept in <see cref="Logs"/>. <see cref="Client"/> carries a token with every role.
/// </summary>
public sealed class ApiProcess : IDisposable
{
    private readonly Process _process;

    private ApiProcess(Process process, HttpClient client, ConcurrentQueue<string> logs)
    {
        _process = process;
        Client = client;
        Logs = logs;
    }

    public HttpClient Client { get; }
    public ConcurrentQueue<string> Logs { get; }

    public static async Task<ApiProcess> StartAsync(string connection, string schema, IReadOnlyDictionary<string, string>? environment = null,
        string name = "api", ConcurrentQueue<string>? logs = null)
    {
        logs ??= new ConcurrentQueue<string>();
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [Repository.ApiDll(), "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["ConnectionStrings__Wuyang"] = connection, ["Dispatch__Schema"] = schema },
        };
        foreach (var (key, value) in TestIdentity.Environment) start.Environment[key] = value;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) logs.Enqueue($"{name} {e.Data}"); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) logs.Enqueue($"{name} {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestIdentity.Everything([]));
        var api = new ApiProcess(process, client, logs);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                if ((await client.GetAsync("/units")).IsSuccessStatusCode) return api;
            }
            catch (HttpRequestException) { }
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                api.Dispose();
                throw new InvalidOperationException($"{name} did not start:\n{string.Join("\n", logs.TakeLast(30))}");
            }
            await Task.Delay(200);
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose()
    {
        Client.Dispose();
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
