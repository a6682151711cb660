using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Dispatch.Api.Tests;

/// <summary>Each lifecycle path, asserted on the events and on the board. River town: 北端1 is nearest the spot, 对岸1 far.</summary>
public class LifecyclePathTests : IAsyncLifetime
{
    private ApiHost _api = null!;
    private static readonly string North = RiverTown.UpRoadUnit.ToString();
    private static readonly string Across = RiverTown.AcrossUnit.ToString();

    public async Task InitializeAsync() => _api = await ApiHost.StartAsync(RiverTown.Write());

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private async Task<JsonNode> Report(int priority = 2, string description = "警情")
    {
        var spot = RiverTown.IncidentSpot;
        return await _api.Json(await _api.PostIncident(Incident.At(spot.Lat, spot.Lon, priority: priority, description: description)));
    }

    private Task<HttpResponseMessage> Post(string url, object body) => _api.Client.PostAsJsonAsync(url, body);

    private async Task<string[]> EventTypes(object incidentId) =>
        (await _api.GetJson($"/incidents/{incidentId}/events")).AsArray().Select(e => (string)e!["type"]!).ToArray();

    private async Task<string> UnitStatus(string unit) => (string)(await _api.GetJson($"/units/{unit}"))["status"]!;

    [Fact]
    public async Task A_unit_signs_for_the_assignment_before_it_drives()
    {
        var incident = await Report();
        var id = (string)incident["id"]!;
        Assert.Equal(HttpStatusCode.OK, (await Post($"/units/{North}/status", new { status = "acknowledged", incidentId = id })).StatusCode);
        Assert.Equal("acknowledged", await UnitStatus(North));
        Assert.Equal(HttpStatusCode.OK, (await Post($"/units/{North}/status", new { status = "en-route", incidentId = id })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Post($"/units/{North}/status", new { status = "acknowledged", incidentId = id })).StatusCode);

        Assert.Contains("unit_acknowledged.v1", await EventTypes(id));
        var responder = (await _api.GetJson($"/incidents/{id}"))["responders"]![0]!;
        Assert.NotNull(responder["acknowledgedAt"]);
        Assert.Equal("en-route", (string)responder["status"]!);
    }

    [Fact]
    public async Task Cancelled_en_route_the_unit_is_free_and_the_incident_gets_another_unit_never_the_same()
    {
        var incident = await Report();
        var id = (string)incident["id"]!;
        await Post($"/units/{North}/status", new { status = "en-route", incidentId = id });

        var cancelled = await Post($"/incidents/{id}/units/{North}/cancel", new { reason = "车辆故障" });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);

        // The queue sends the only other unit; 北端1 is excluded from this incident as withdrawn.
        var after = await _api.WaitFor($"/incidents/{id}", d => d["responders"]!.AsArray().Any(r => (string)r!["callSign"]! == "对岸1"));
        var redispatch = after["decisions"]!.AsArray().Last()!;
        Assert.Equal("对岸1", (string)redispatch["chosenCallSign"]!);
        Assert.Contains(redispatch["excluded"]!.AsArray(), e => (string)e!["callSign"]! == "北端1" && (string)e["reason"]! == "withdrawn");
        Assert.Equal("cancelled", (string)after["responders"]![0]!["status"]!);
        Assert.Equal("available", await UnitStatus(North));

        var types = await EventTypes(id);
        Assert.Contains("unit_released.v1", types);
        Assert.Contains("responder_withdrawn.v1", types);
        Assert.Equal(2, types.Count(t => t == "unit_dispatched.v1"));
    }

    [Fact]
    public async Task Closing_releases_the_units_and_reopening_starts_a_new_response_cycle()
    {
        var incident = await Report();
        var id = (string)incident["id"]!;
        await Post($"/units/{North}/status", new { status = "on-scene", incidentId = id });

        var closed = await _api.Json(await Post($"/incidents/{id}/close", new { reason = "调解完毕" }));
        Assert.Equal("closed", (string)closed["status"]!);
        Assert.Equal("cancelled", (string)closed["responders"]![0]!["status"]!);
        Assert.Equal("available", await UnitStatus(North));

        var reopened = await _api.Json(await Post($"/incidents/{id}/reopen", new { reason = "当事人再次报警" }));
        Assert.Equal(2, (int)reopened["responseCycle"]!);
        var again = await _api.WaitFor($"/incidents/{id}", d => (string)d["status"]! == "dispatched");
        Assert.Equal("dispatched", (string)again["status"]!);
        Assert.Equal(2, (int)again["responders"]!.AsArray().Last()!["responseCycle"]!);
        Assert.Equal(HttpStatusCode.Conflict, (await Post($"/incidents/{id}/reopen", new { reason = "又一次" })).StatusCode);

        var types = await EventTypes(id);
        Assert.Equal(["incident_closed.v1", "incident_reopened.v1"], types.Where(t => t.StartsWith("incident_") && t != "incident_reported.v1"));
    }

    [Fact]
    public async Task A_committed_unit_is_taken_only_by_an_explicit_override_and_its_old_incident_is_dispatched_again()
    {
        var first = await Report(description: "第一起");
        var firstId = (string)first["id"]!;
        var second = await Report(priority: 1, description: "第二起，更紧急");
        var secondId = (string)second["id"]!;
        Assert.Equal("对岸1", (string)second["decisions"]![0]!["chosenCallSign"]!);

        var refused = await Post($"/incidents/{secondId}/assignments", new { unitId = North });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("unit-busy", (string)(await _api.Json(refused))["title"]!);
        Assert.Equal(HttpStatusCode.BadRequest, (await Post($"/incidents/{secondId}/assignments", new { unitId = North, @override = true })).StatusCode);

        var taken = await Post($"/incidents/{secondId}/assignments",
            new { unitId = North, @override = true, reason = "持刀警情，就近调派" });
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        var manual = (await _api.Json(taken))["decisions"]!.AsArray().Last()!;
        Assert.Equal("override", (string)manual["mode"]!);
        Assert.Equal("北端1", (string)manual["chosenCallSign"]!);
        Assert.Contains("持刀警情", (string)manual["explanation"]!);

        var unitEvents = (await _api.GetJson($"/incidents/{firstId}/events")).AsArray();
        var release = unitEvents.Single(e => (string)e!["type"]! == "unit_released.v1")!;
        Assert.Equal("overridden", (string)release["data"]!["how"]!);
        Assert.Equal(TestIdentity.Tester, (string)release["actor"]!);
        Assert.Contains("持刀警情", (string)release["data"]!["reason"]!);

        // The first incident lost its unit and waits; 对岸1, still on the second incident, is busy, so
        // once 对岸1 is released from the second one the queue sends it to the first.
        Assert.Equal("awaiting-unit", (string)(await _api.GetJson($"/incidents/{firstId}"))["status"]!);
        await Post($"/incidents/{secondId}/units/{Across}/cancel", new { reason = "北端1已到场" });
        var firstAfter = await _api.WaitFor($"/incidents/{firstId}", d => (string)d["status"]! == "dispatched");
        Assert.Equal("对岸1", (string)firstAfter["responders"]!.AsArray().Last()!["callSign"]!);
        Assert.Equal(secondId, (string)(await _api.GetJson($"/units/{North}"))["currentIncidentId"]!);
    }

    [Fact]
    public async Task Out_of_service_and_off_duty_units_are_never_sent_and_on_break_is_sent_with_a_warning()
    {
        Assert.Equal(HttpStatusCode.OK, (await Post($"/units/{North}/duty", new { status = "out-of-service", reason = "爆胎" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Post($"/units/{Across}/duty", new { status = "off-duty" })).StatusCode);

        var none = await Report();
        var decision = none["decisions"]![0]!;
        Assert.Null(decision["chosenUnitId"]);
        Assert.Equal(["off-duty", "out-of-service"], decision["excluded"]!.AsArray().Select(e => (string)e!["reason"]!).Order());

        // 北端1 goes on break (still dispatchable): the waiting incident gets it, with a warning.
        Assert.Equal(HttpStatusCode.OK, (await Post($"/units/{North}/duty", new { status = "on-break", reason = "用餐" })).StatusCode);
        var served = await _api.WaitFor($"/incidents/{none["id"]}", d => (string)d["status"]! == "dispatched");
        var last = served["decisions"]!.AsArray().Last()!;
        Assert.Equal("北端1", (string)last["chosenCallSign"]!);
        Assert.Equal("on break", (string)last["candidates"]![0]!["warning"]!);
        Assert.Contains("WARNING", (string)last["explanation"]!);

        var busyDuty = await Post($"/units/{North}/duty", new { status = "off-duty" });
        Assert.Equal(HttpStatusCode.Conflict, busyDuty.StatusCode);
        Assert.Equal("unit-on-assignment", (string)(await _api.Json(busyDuty))["title"]!);
    }

    [Fact]
    public async Task The_queue_serves_the_highest_priority_first_when_a_unit_clears()
    {
        var a = await Report(description: "占用北端1");
        var b = await Report(description: "占用对岸1");
        var low = await Report(priority: 3, description: "低优先级");
        var high = await Report(priority: 1, description: "高优先级");
        Assert.Equal("awaiting-unit", (string)low["status"]!);
        Assert.Equal("awaiting-unit", (string)high["status"]!);

        await Post($"/units/{North}/status", new { status = "cleared", incidentId = (string)a["id"]! });
        var highAfter = await _api.WaitFor($"/incidents/{high["id"]}", d => (string)d["status"]! == "dispatched");
        Assert.Equal("dispatched", (string)highAfter["status"]!);
        Assert.Equal("awaiting-unit", (string)(await _api.GetJson($"/incidents/{low["id"]}"))["status"]!);

        await Post($"/units/{Across}/status", new { status = "cleared", incidentId = (string)b["id"]! });
        var lowAfter = await _api.WaitFor($"/incidents/{low["id"]}", d => (string)d["status"]! == "dispatched");
        Assert.Equal("dispatched", (string)lowAfter["status"]!);
    }

    [Fact]
    public async Task A_larger_incident_gets_the_units_it_asks_for_fastest_first_and_waits_for_the_rest()
    {
        var spot = RiverTown.IncidentSpot;
        var big = await _api.Json(await _api.Client.PostAsJsonAsync("/incidents", new
        {
            type = "mass-gathering", priority = 1, unitsRequested = 3,
            location = new { lat = spot.Lat, lon = spot.Lon, datum = "WGS-84" },
        }));
        var id = (string)big["id"]!;
        Assert.Equal(3, (int)big["unitsRequested"]!);
        Assert.Equal(["北端1", "对岸1"], big["responders"]!.AsArray().Select(r => (string)r!["callSign"]!));
        var decisions = big["decisions"]!.AsArray();
        Assert.Equal(3, decisions.Count);
        Assert.Null(decisions[2]!["chosenUnitId"]);
        Assert.Contains(decisions[1]!["excluded"]!.AsArray(), e => (string)e!["callSign"]! == "北端1" && (string)e["reason"]! == "already-sent");

        // 北端1 finishes its part; it is not sent back to make up the count, so the incident keeps waiting.
        await Post($"/units/{North}/status", new { status = "cleared", incidentId = id });
        await Task.Delay(500);
        var after = await _api.GetJson($"/incidents/{id}");
        Assert.Equal(2, after["responders"]!.AsArray().Count);
        Assert.Equal("available", await UnitStatus(North));

        Assert.Equal(HttpStatusCode.BadRequest, (await _api.Client.PostAsJsonAsync("/incidents", new
        {
            type = "fire", priority = 1, unitsRequested = 0, location = new { lat = spot.Lat, lon = spot.Lon, datum = "WGS-84" },
        })).StatusCode);
    }
}
