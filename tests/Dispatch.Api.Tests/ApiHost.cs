using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Reference;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace Dispatch.Api.Tests;

/// <summary>
/// The real API in this process: Kestrel on a free loopback port, a schema of its own in the real
/// PostgreSQL, and a clock the test can move. <see cref="Client"/> carries a token with every role, the
/// duty-level grant and every unit of the host's data (actor <see cref="TestIdentity.Tester"/>);
/// <see cref="ClientAs"/> and friends give clients with one role, one unit, an API key or no credential.
/// </summary>
public sealed class ApiHost : IAsyncDisposable
{
    // Wednesday 2026-12-02 14:00 in Wuyang: a workday, outside the peak windows.
    public static readonly Instant OffPeak = Instant.FromUtc(2026, 12, 2, 6, 0);

    private readonly WebApplication _app;
    private readonly List<HttpClient> _clients = [];

    private ApiHost(WebApplication app, HttpClient client, FakeClock clock, string schema)
    {
        _app = app;
        Client = client;
        Clock = clock;
        Schema = schema;
    }

    public HttpClient Client { get; }
    public FakeClock Clock { get; }
    public string Schema { get; }
    public IDocumentStore Store => _app.Services.GetRequiredService<IDocumentStore>();
    public IServiceProvider Services => _app.Services;

    public static async Task<ApiHost> StartAsync(string? dataDirectory = null, Func<string, string>? routeConnection = null,
        IReadOnlyDictionary<string, string?>? overrides = null, string? schema = null)
    {
        var connection = await TestDatabase.ConnectionStringAsync();
        if (routeConnection is not null) connection = routeConnection(connection);
        schema ??= "t_" + Guid.NewGuid().ToString("N")[..12];
        var clock = new FakeClock(OffPeak);
        var settings = new Dictionary<string, string?>(TestIdentity.Settings)
        {
            ["ConnectionStrings:Wuyang"] = connection,
            ["Dispatch:Schema"] = schema,
            ["Serilog:MinimumLevel:Default"] = "Warning",
            // One process per schema here; the two-process test runs real processes in Balanced mode.
            ["Dispatch:Durability"] = "Solo",
            ["Dispatch:ProjectionDaemon"] = "Solo",
        };
        if (dataDirectory is not null) settings["Reference:DataDirectory"] = dataDirectory;
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) settings[key] = value;

        var app = DispatchApp.Build(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.AddSingleton<IClock>(clock);
        });
        await app.StartAsync();
        var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        var units = app.Services.GetRequiredService<ReferenceData>().Units.Select(u => u.Id);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestIdentity.Everything(units));
        return new ApiHost(app, client, clock, schema);
    }

    /// <summary>A client with no credential at all.</summary>
    public HttpClient Anonymous()
    {
        var client = new HttpClient { BaseAddress = Client.BaseAddress };
        _clients.Add(client);
        return client;
    }

    public HttpClient ClientWithToken(string token)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A client holding one role (a field unit: for <paramref name="unitId"/>).</summary>
    public HttpClient ClientAs(string role, Guid? unitId = null, string? subject = null) =>
        ClientWithToken(TestIdentity.As(role, unitId, subject));

    public HttpClient ClientWithApiKey(string key)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Add(ApiKeys.Header, key);
        return client;
    }

    /// <summary>Issues an API key through the API, as an administrator would; answers the whole key and its id.</summary>
    public async Task<(string Key, Guid Id)> IssueApiKey(string name, string[] roles, Guid? unitId = null, string[]? contracts = null)
    {
        var response = await Client.PostAsJsonAsync("/api-keys", new { name, roles, unitId, contracts });
        Assert.True(response.IsSuccessStatusCode, $"POST /api-keys: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var issued = await Json(response);
        return ((string)issued["key"]!, Guid.Parse((string)issued["details"]!["id"]!));
    }

    public async Task<HttpResponseMessage> PostIncident(object body) => await Client.PostAsJsonAsync("/incidents", body);

    public async Task<JsonNode> Json(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("empty body");

    public async Task<JsonNode> GetJson(string url)
    {
        var response = await Client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await Json(response);
    }

    /// <summary>Reads <paramref name="url"/> until <paramref name="done"/> holds or 30 s pass; returns the last answer.</summary>
    public async Task<JsonNode> WaitFor(string url, Func<JsonNode, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var node = await GetJson(url);
            if (done(node) || DateTime.UtcNow > deadline) return node;
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        foreach (var client in _clients) client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public static class Incident
{
    public static object At(double lat, double lon, string type = "disturbance", int priority = 2, string? description = "有人打架",
        string? address = null, Guid? id = null) => new
    {
        id,
        type,
        priority,
        location = new { lat, lon, datum = "WGS-84" },
        address,
        description,
    };
}
