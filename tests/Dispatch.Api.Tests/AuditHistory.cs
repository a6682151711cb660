using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using NodaTime;

namespace Dispatch.Api.Tests;

/// <summary>Drives a history through the real API with the fake clock, and runs the built API's command-line verbs.</summary>
public static class AuditHistory
{
    public static readonly Guid Grid7Car = Guid.Parse("01a22ee6-b000-7000-8000-000000000007");

    private static readonly (double Lat, double Lon, string Type)[] Places =
        [(33.4456646, 113.6189944, "disturbance"), (33.44, 113.60, "traffic-accident"), (33.45, 113.62, "theft")];

    /// <summary>
    /// <paramref name="days"/> days of incidents, each worked through en route, on scene and cleared, with check-ins at
    /// jiahu-square; the clock moves minutes between steps and a day between days. Answers the incident ids.
    /// </summary>
    public static async Task<List<Guid>> DriveDays(ApiHost api, int days, int incidentsPerDay = 3)
    {
        var incidents = new List<Guid>();
        for (var day = 0; day < days; day++)
        {
            for (var i = 0; i < incidentsPerDay; i++)
            {
                var place = Places[i % Places.Length];
                var reported = await Report(api, Incident.At(place.Lat, place.Lon, type: place.Type));
                var id = Guid.Parse((string)reported["id"]!);
                incidents.Add(id);
                var unit = (string?)reported["decisions"]?[0]?["chosenUnitId"];
                foreach (var status in new[] { "en-route", "on-scene", "cleared" })
                {
                    api.Clock.Advance(Duration.FromMinutes(4 + i));
                    if (unit is null) continue;
                    var response = await api.Client.PostAsJsonAsync($"/units/{unit}/status", new { status, incidentId = id });
                    Assert.True(response.IsSuccessStatusCode, $"{status}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
                var checkIn = await api.Client.PostAsJsonAsync("/check-ins", new
                {
                    items = new[] { new { clientId = Guid.NewGuid().ToString("N"), unitId = Grid7Car, pointId = "jiahu-square",
                        deviceTime = api.Clock.GetCurrentInstant().ToString() } },
                });
                Assert.True(checkIn.IsSuccessStatusCode, $"check-in: {(int)checkIn.StatusCode} {await checkIn.Content.ReadAsStringAsync()}");
                api.Clock.Advance(Duration.FromMinutes(50));
            }
            api.Clock.Advance(Duration.FromHours(20));
        }
        return incidents;
    }

    /// <summary>
    /// Reports an incident and answers it with its first decision. A loaded machine may answer 202 before the
    /// decision: then wait for it, so nothing is appended behind the test's back.
    /// </summary>
    public static async Task<JsonNode> Report(ApiHost api, object incident)
    {
        var reported = await api.Json(await api.PostIncident(incident));
        if (reported["decisions"]?.AsArray().Count is > 0) return reported;
        return await api.WaitFor($"/incidents/{(string)reported["id"]!}", d => d["decisions"]?.AsArray().Count > 0);
    }

    /// <summary>Runs <c>dotnet Dispatch.Api.dll verb ...</c> against the schema; answers the exit code and everything it wrote.</summary>
    public static async Task<(int ExitCode, string Output)> RunVerb(string schema, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [Repository.ApiDll(), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ConnectionStrings__Wuyang"] = await TestDatabase.ConnectionStringAsync(),
                ["Dispatch__Schema"] = schema,
                ["Dispatch__ProjectionDaemon"] = "Solo",
            },
        };
        foreach (var (key, value) in TestIdentity.Environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
