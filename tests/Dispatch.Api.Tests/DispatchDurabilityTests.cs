using System.Net;
using Npgsql;

namespace Dispatch.Api.Tests;

public class DispatchDurabilityTests : IAsyncLifetime
{
    private ApiHost _api = null!;

    public async Task InitializeAsync() => _api = await ApiHost.StartAsync(RiverTown.Write(),
        overrides: new Dictionary<string, string?> { ["Dispatch:ResponseWaitMilliseconds"] = "300" });

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task A_stored_report_whose_dispatch_is_held_up_answers_202_and_is_dispatched_once_the_store_frees_up()
    {
        // Another transaction holds every unit stream: dispatch cannot commit an assignment meanwhile.
        await using var blocker = new NpgsqlConnection(await TestDatabase.ConnectionStringAsync());
        await blocker.OpenAsync();
        var hold = await blocker.BeginTransactionAsync();
        await using (var lockUnits = new NpgsqlCommand(
            $"select id from {_api.Schema}.mt_streams where id = any(@units) for update", blocker, hold))
        {
            lockUnits.Parameters.AddWithValue("units", new[] { RiverTown.AcrossUnit, RiverTown.UpRoadUnit });
            await lockUnits.ExecuteNonQueryAsync();
        }

        var spot = RiverTown.IncidentSpot;
        var response = await _api.PostIncident(Incident.At(spot.Lat, spot.Lon));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        var pending = await _api.Json(response);
        Assert.Equal("awaiting-unit", (string)pending["status"]!);
        Assert.Empty(pending["decisions"]!.AsArray());

        await hold.CommitAsync();

        var deadline = DateTime.UtcNow.AddSeconds(20);
        string status;
        do
        {
            await Task.Delay(100);
            status = (string)(await _api.GetJson(location))["status"]!;
        } while (status != "dispatched" && DateTime.UtcNow < deadline);

        Assert.Equal("dispatched", status);
        var events = await _api.GetJson($"{location}/events");
        Assert.Single(events.AsArray(), e => (string)e!["type"]! == "unit_dispatched.v1");
    }
}
