using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dispatch.Domain.Incidents;
using Dispatch.Projections;
using Marten;
using NodaTime;

namespace Dispatch.Api.Tests;

public class IncidentLifecycleTests : IAsyncLifetime
{
    private ApiHost _api = null!;

    public async Task InitializeAsync() => _api = await ApiHost.StartAsync(RiverTown.Write());

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private async Task<HttpResponseMessage> Status(object unitId, string status, object incidentId) =>
        await _api.Client.PostAsJsonAsync($"/units/{unitId}/status", new { status, incidentId });

    [Fact]
    public async Task The_story_of_an_incident_is_in_its_events_in_order_and_replaying_them_gives_the_same_state()
    {
        var spot = RiverTown.IncidentSpot;
        var created = await _api.Json(await _api.PostIncident(Incident.At(spot.Lat, spot.Lon)));
        var id = (string)created["id"]!;
        var unit = (string)created["decisions"]![0]!["chosenUnitId"]!;

        _api.Clock.Advance(Duration.FromSeconds(20));
        Assert.Equal(HttpStatusCode.OK, (await Status(unit, "en-route", id)).StatusCode);
        _api.Clock.Advance(Duration.FromSeconds(70));
        Assert.Equal(HttpStatusCode.OK, (await Status(unit, "on-scene", id)).StatusCode);
        _api.Clock.Advance(Duration.FromMinutes(25));
        var cleared = await _api.Json(await Status(unit, "cleared", id));
        Assert.Equal("available", (string)cleared["status"]!);

        var events = (await _api.GetJson($"/incidents/{id}/events")).AsArray();
        Assert.Equal(
            ["incident_reported.v1", "unit_dispatched.v1", "unit_assigned.v1", "unit_en_route.v1", "unit_arrived_on_scene.v1", "unit_cleared.v1"],
            events.Select(e => (string)e!["type"]!));
        var sequences = events.Select(e => (long)e!["sequence"]!).ToList();
        Assert.Equal(sequences.Order(), sequences);
        // Business time comes from the clock; recording time from the database: both are kept.
        Assert.Equal([0, 0, 0, 20, 90, 1590],
            events.Select(e => (int)(Instant.FromDateTimeOffset(DateTimeOffset.Parse((string)e!["occurredAt"]!)) - ApiHost.OffPeak).TotalSeconds));
        Assert.All(events, e => Assert.NotNull(e!["recordedAt"]));
        // The actor is the authenticated caller (the test token's subject), for the dispatch handler's events too.
        Assert.All(events, e => Assert.Equal(TestIdentity.Tester, (string)e!["actor"]!));

        var details = await _api.GetJson($"/incidents/{id}");
        Assert.Equal("cleared", (string)details["status"]!);
        var responder = details["responders"]![0]!;
        Assert.NotNull(responder["onSceneAt"]);
        Assert.NotNull(responder["clearedAt"]);

        // Replay: the incident's stream folded from scratch equals the stored write model.
        var guid = Guid.Parse(id);
        await using var session = _api.Store.QuerySession();
        var replayed = await session.Events.AggregateStreamAsync<IncidentState>(guid);
        var stored = await session.LoadAsync<IncidentState>(guid);
        Assert.Equal(Serialize(stored), Serialize(replayed));

        // Rebuild: the dispatcher's view rebuilt from every stored event equals the live one.
        var before = Serialize(await session.LoadAsync<IncidentDetails>(guid));
        using (var daemon = await _api.Store.BuildProjectionDaemonAsync())
            await daemon.RebuildProjectionAsync<IncidentDetailsProjection>(CancellationToken.None);
        await using var fresh = _api.Store.QuerySession();
        Assert.Equal(before, Serialize(await fresh.LoadAsync<IncidentDetails>(guid)));
    }

    [Fact]
    public async Task Chinese_text_round_trips_exactly_through_the_api_and_the_event_store()
    {
        const string description = "老十字街西北角有人持刀，两名嫌疑人向南大街方向逃离；报警人：王女士（𠮷野家门口）。“请尽快！”😀";
        const string address = "舞阳县舞泉镇老十字街 12 号\n（迎客来超市旁）";
        var spot = RiverTown.IncidentSpot;
        var created = await _api.Json(await _api.PostIncident(
            Incident.At(spot.Lat, spot.Lon, description: description, address: address)));

        var read = await _api.GetJson($"/incidents/{created["id"]}");
        Assert.Equal(description, (string)read["description"]!);
        Assert.Equal(address, (string)read["address"]!);
        var reported = (await _api.GetJson($"/incidents/{created["id"]}/events"))[0]!["data"]!;
        Assert.Equal(description, (string)reported["description"]!);
        Assert.Equal(address, (string)reported["address"]!);
    }

    [Fact]
    public async Task Units_move_along_their_assignment_and_refuse_to_go_back()
    {
        var spot = RiverTown.IncidentSpot;
        var created = await _api.Json(await _api.PostIncident(Incident.At(spot.Lat, spot.Lon)));
        var unit = (string)created["decisions"]![0]!["chosenUnitId"]!;
        var id = (string)created["id"]!;

        Assert.Equal(HttpStatusCode.OK, (await Status(unit, "on-scene", id)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Status(unit, "on-scene", id)).StatusCode); // a resend changes nothing
        var back = await Status(unit, "en-route", id);
        Assert.Equal(HttpStatusCode.Conflict, back.StatusCode);
        Assert.Equal("application/problem+json", back.Content.Headers.ContentType?.MediaType);
        Assert.Equal("status-goes-backwards", (string)(await _api.Json(back))["title"]!);

        var wrongIncident = await Status(unit, "cleared", Guid.CreateVersion7());
        Assert.Equal(HttpStatusCode.Conflict, wrongIncident.StatusCode);

        var events = (await _api.GetJson($"/incidents/{created["id"]}/events")).AsArray();
        Assert.Single(events, e => (string)e!["type"]! == "unit_arrived_on_scene.v1");
        Assert.DoesNotContain(events, e => (string)e!["type"]! is "unit_en_route.v1" or "unit_cleared.v1");

        var noIncident = await _api.Client.PostAsJsonAsync($"/units/{unit}/status", new { status = "cleared" });
        Assert.Equal(HttpStatusCode.BadRequest, noIncident.StatusCode);
        Assert.Contains("incidentId", (await _api.Json(noIncident))["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task A_status_update_with_a_stale_version_is_a_409_that_names_the_current_version()
    {
        var spot = RiverTown.IncidentSpot;
        var created = await _api.Json(await _api.PostIncident(Incident.At(spot.Lat, spot.Lon)));
        var unit = (string)created["decisions"]![0]!["chosenUnitId"]!;
        var id = (string)created["id"]!;

        var read = await _api.Client.GetAsync($"/units/{unit}");
        var etag = read.Headers.ETag!.Tag;
        var version = (long)(await _api.Json(read))["version"]!;
        Assert.Equal($"\"{version}\"", etag);

        using var enRoute = new HttpRequestMessage(HttpMethod.Post, $"/units/{unit}/status")
        {
            Content = JsonContent.Create(new { status = "en-route", incidentId = id }),
        };
        enRoute.Headers.TryAddWithoutValidation("If-Match", etag);
        var moved = await _api.Client.SendAsync(enRoute);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal($"\"{version + 1}\"", moved.Headers.ETag!.Tag);

        // Another dispatcher still holding the old version.
        var stale = await _api.Client.PostAsJsonAsync($"/units/{unit}/status", new { status = "cleared", incidentId = id, expectedVersion = version });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var problem = await _api.Json(stale);
        Assert.Equal("stale-version", (string)problem["title"]!);
        Assert.Equal(version + 1, (long)problem["currentVersion"]!);
        Assert.Equal("en-route", (string)(await _api.GetJson($"/units/{unit}"))["status"]!);

        using var garbage = new HttpRequestMessage(HttpMethod.Post, $"/units/{unit}/status")
        {
            Content = JsonContent.Create(new { status = "cleared", incidentId = id }),
        };
        garbage.Headers.TryAddWithoutValidation("If-Match", "\"seven\"");
        Assert.Equal(HttpStatusCode.BadRequest, (await _api.Client.SendAsync(garbage)).StatusCode);

        var current = await _api.Client.PostAsJsonAsync($"/units/{unit}/status", new { status = "cleared", incidentId = id, expectedVersion = version + 1 });
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
    }

    [Fact]
    public async Task A_position_report_counts_in_the_units_version_so_the_etag_after_it_is_the_one_to_send()
    {
        var spot = RiverTown.IncidentSpot;
        var created = await _api.Json(await _api.PostIncident(Incident.At(spot.Lat, spot.Lon)));
        var unit = Guid.Parse((string)created["decisions"]![0]!["chosenUnitId"]!);
        var id = (string)created["id"]!;
        var before = (long)(await _api.GetJson($"/units/{unit}"))["version"]!;

        var device = _api.ClientAs(Dispatch.Domain.Access.Roles.FieldUnit, unit);
        var fix = await device.PostAsJsonAsync($"/units/{unit}/position", new { lat = spot.Lat, lon = spot.Lon + 0.0005, datum = "WGS-84" });
        Assert.Equal(HttpStatusCode.OK, fix.StatusCode);
        Assert.Equal($"\"{before + 1}\"", fix.Headers.ETag!.Tag);
        var read = await _api.Client.GetAsync($"/units/{unit}");
        Assert.Equal($"\"{before + 1}\"", read.Headers.ETag!.Tag);

        using var acknowledged = new HttpRequestMessage(HttpMethod.Post, $"/units/{unit}/status")
        {
            Content = JsonContent.Create(new { status = "acknowledged", incidentId = id }),
        };
        acknowledged.Headers.TryAddWithoutValidation("If-Match", read.Headers.ETag!.Tag);
        var signed = await _api.Client.SendAsync(acknowledged);
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Equal(before + 2, (long)(await _api.Json(signed))["version"]!);
        await using var session = _api.Store.QuerySession();
        Assert.Equal(before + 2, (await session.Events.FetchStreamStateAsync(unit))!.Version);
    }

    [Fact]
    public async Task A_late_resend_about_an_earlier_incident_does_not_touch_the_units_next_incident()
    {
        var spot = RiverTown.IncidentSpot;
        var first = await _api.Json(await _api.PostIncident(Incident.At(spot.Lat, spot.Lon)));
        var unit = (string)first["decisions"]![0]!["chosenUnitId"]!;
        var firstId = (string)first["id"]!;
        foreach (var status in new[] { "en-route", "on-scene", "cleared" })
            Assert.Equal(HttpStatusCode.OK, (await Status(unit, status, firstId)).StatusCode);

        var second = await _api.Json(await _api.PostIncident(Incident.At(spot.Lat, spot.Lon, description: "第二起")));
        Assert.Equal(unit, (string)second["decisions"]![0]!["chosenUnitId"]!);

        // The device resends its messages about the first incident.
        Assert.Equal(HttpStatusCode.Conflict, (await Status(unit, "on-scene", firstId)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Status(unit, "cleared", firstId)).StatusCode);

        var secondNow = await _api.GetJson($"/incidents/{second["id"]}");
        Assert.Equal("dispatched", (string)secondNow["status"]!);
        Assert.Equal("assigned", (string)(await _api.GetJson($"/units/{unit}"))["status"]!);
    }

    [Fact]
    public async Task A_position_report_moves_the_unit_and_dispatch_measures_from_there()
    {
        // Move 对岸1 over to the north bank, right next to the incident spot: now it is the fastest.
        var moved = await _api.Client.PostAsJsonAsync($"/units/{RiverTown.AcrossUnit}/position",
            new { lat = RiverTown.P(50, 150).Lat, lon = RiverTown.P(50, 150).Lon, datum = "WGS-84" });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);

        var spot = RiverTown.IncidentSpot;
        var created = await _api.Json(await _api.PostIncident(Incident.At(spot.Lat, spot.Lon)));
        Assert.Equal("对岸1", (string)created["decisions"]![0]!["chosenCallSign"]!);
    }

    private static string Serialize(object? value) => System.Text.Json.JsonSerializer.Serialize(value, DispatchJson.Options);
}
