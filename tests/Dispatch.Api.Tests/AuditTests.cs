using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dispatch.Domain.Patrol;
using Npgsql;
using NodaTime;

namespace Dispatch.Api.Tests;

/// <summary>The auditor's replay: raw streams, state as of a business time, a recording time or a version, decision replay, global history.</summary>
public class AuditTests : IAsyncLifetime
{
    private ApiHost _api = null!;

    public async Task InitializeAsync() => _api = await ApiHost.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task A_units_stream_shows_every_event_with_its_times_and_its_state_as_of_a_past_moment()
    {
        var incident = await AuditHistory.Report(_api, Incident.At(33.4456646, 113.6189944));
        var id = (string)incident["id"]!;
        var unit = (string)incident["decisions"]![0]!["chosenUnitId"]!;
        var times = new Dictionary<string, Instant>();
        foreach (var status in new[] { "en-route", "on-scene", "cleared" })
        {
            _api.Clock.Advance(Duration.FromMinutes(5));
            times[status] = _api.Clock.GetCurrentInstant();
            Assert.True((await _api.Client.PostAsJsonAsync($"/units/{unit}/status", new { status, incidentId = id })).IsSuccessStatusCode);
        }

        var events = (await _api.GetJson($"/audit/streams/{unit}/events")).AsArray();
        Assert.Equal(Enumerable.Range(1, events.Count).Select(v => (long)v), events.Select(e => (long)e!["version"]!));
        Assert.True(events.Select(e => (long)e!["sequence"]!).Order().SequenceEqual(events.Select(e => (long)e!["sequence"]!)));
        var enRoute = events.Single(e => (string)e!["type"]! == "unit_en_route.v1")!;
        Assert.Equal(times["en-route"].ToString(), (string)enRoute["occurredAt"]!);
        Assert.Equal(unit, (string)enRoute["streamId"]!);
        Assert.False(string.IsNullOrEmpty((string?)enRoute["actor"]));
        Assert.NotNull(enRoute["recordedAt"]);

        // Business time between en route and on scene: the unit was en route, at the en-route event's version.
        var midway = times["en-route"] + Duration.FromMinutes(2);
        var asOf = await _api.GetJson($"/audit/streams/{unit}/state?asOf={Uri.EscapeDataString(midway.ToString())}");
        Assert.Equal("unit", (string)asOf["kind"]!);
        Assert.Equal("business-time", (string)asOf["basis"]!);
        Assert.Equal("en-route", (string)asOf["state"]!["status"]!);
        Assert.Equal((long)enRoute["version"]!, (long)asOf["version"]!);

        var byVersion = await _api.GetJson($"/audit/streams/{unit}/state?version={(long)enRoute["version"]!}");
        Assert.Equal("en-route", (string)byVersion["state"]!["status"]!);
        // Recording time: what the store had recorded when the en-route event was appended.
        var recorded = await _api.GetJson($"/audit/streams/{unit}/state?recordedAsOf={Uri.EscapeDataString((string)enRoute["recordedAt"]!)}");
        Assert.Equal("en-route", (string)recorded["state"]!["status"]!);

        // The latest fold is the stored document, version included.
        var latest = await _api.GetJson($"/audit/streams/{unit}/state");
        var stored = await _api.GetJson($"/units/{unit}");
        Assert.Equal((string)stored["status"]!, (string)latest["state"]!["status"]!);
        Assert.Equal(events.Count, (int)latest["eventsApplied"]!);

        var both = await _api.Client.GetAsync($"/audit/streams/{unit}/state?version=1&asOf={Uri.EscapeDataString(midway.ToString())}");
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.Client.GetAsync($"/audit/streams/{Guid.NewGuid()}/events")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await _api.Client.GetAsync($"/audit/streams/{unit}/state?version=999")).StatusCode);
    }

    [Fact]
    public async Task A_points_state_as_of_a_business_time_counts_an_offline_check_in_from_when_it_happened()
    {
        var start = _api.Clock.GetCurrentInstant();
        async Task CheckIn(Instant deviceTime) => Assert.True((await _api.Client.PostAsJsonAsync("/check-ins", new
        {
            items = new[] { new { clientId = Guid.NewGuid().ToString("N"), unitId = AuditHistory.Grid7Car, pointId = "jiahu-square",
                deviceTime = deviceTime.ToString() } },
        })).IsSuccessStatusCode);
        _api.Clock.Advance(Duration.FromMinutes(30));
        await CheckIn(start + Duration.FromMinutes(20));
        await CheckIn(start + Duration.FromMinutes(5)); // recorded second, happened first (an offline batch)

        var visits = (await _api.GetJson("/patrol-points/jiahu-square/events")).AsArray()
            .Where(e => (string)e!["type"]! == "patrol_point_visited.v1").ToList();
        Assert.Equal(2, visits.Count);
        var stream = PatrolPointState.StreamIdFor("jiahu-square");
        Assert.Equal(stream.ToString(), (string)visits[0]!["streamId"]!);

        var asOf = await _api.GetJson($"/audit/streams/{stream}/state?asOf={Uri.EscapeDataString((start + Duration.FromMinutes(10)).ToString())}");
        Assert.Equal("patrol-point", (string)asOf["kind"]!);
        // Only the visit that happened first counts, although it is the later event of the stream.
        var visited = asOf["state"]!["visits"]!.AsArray();
        Assert.Equal((start + Duration.FromMinutes(5)).ToString(), (string)Assert.Single(visited)!["deviceTime"]!);
        Assert.Equal((long)visits[1]!["version"]!, (long)asOf["version"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.Client.GetAsync("/patrol-points/no-such-point/events")).StatusCode);
        // A point of the plan nobody has visited yet: an empty history, not a 404.
        var unvisited = _api.Services.GetRequiredService<Dispatch.Domain.Reference.ReferenceData>().MustPatrolPoints.First(p => p.Id != "jiahu-square").Id;
        Assert.Empty((await _api.GetJson($"/patrol-points/{unvisited}/events")).AsArray());
    }

    [Fact]
    public async Task A_decision_replayed_on_its_recorded_inputs_chooses_the_same_unit_and_another_graph_is_refused()
    {
        var incident = await AuditHistory.Report(_api, Incident.At(33.4456646, 113.6189944));
        var id = (string)incident["id"]!;
        var decision = incident["decisions"]![0]!;
        var replay = await _api.GetJson($"/incidents/{id}/decisions/{(string)decision["decisionId"]!}/replay");
        Assert.True((bool)replay["sameUnit"]!);
        Assert.True((bool)replay["sameCandidates"]!);
        Assert.Equal((string)decision["chosenUnitId"]!, (string)replay["replayed"]!["chosenUnitId"]!);
        Assert.Equal((string)decision["chosenUnitId"]!, (string)replay["recorded"]!["chosenUnitId"]!);
        Assert.Equal(decision["candidates"]!.AsArray().Count, replay["replayed"]!["candidates"]!.AsArray().Count);
        Assert.Equal((double)decision["etaSeconds"]!, (double)replay["replayed"]!["etaSeconds"]!, 6);

        Assert.Equal(HttpStatusCode.NotFound, (await _api.Client.GetAsync($"/incidents/{id}/decisions/{Guid.NewGuid()}/replay")).StatusCode);

        // The same decision as if it had been made on another road graph: not re-checked on this one.
        await using (var connection = new NpgsqlConnection(await TestDatabase.ConnectionStringAsync()))
        {
            await connection.OpenAsync();
            await using var edit = new NpgsqlCommand($$"""
                update "{{_api.Schema}}".mt_events set data = jsonb_set(data, '{decision,inputs,roadGraphVersion}', '"an-older-graph"')
                where stream_id = @id and type = 'unit_dispatched.v1'
                """, connection);
            edit.Parameters.AddWithValue("id", Guid.Parse(id));
            Assert.Equal(1, await edit.ExecuteNonQueryAsync());
        }
        var refused = await _api.Client.GetAsync($"/incidents/{id}/decisions/{(string)decision["decisionId"]!}/replay");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("road-graph-changed", (string)(await _api.Json(refused))["title"]!);
    }

    [Fact]
    public async Task The_global_history_pages_by_sequence_and_filters_by_business_time()
    {
        await AuditHistory.DriveDays(_api, days: 2, incidentsPerDay: 2);
        var secondDay = ApiHost.OffPeak + Duration.FromHours(22);

        var all = (await _api.GetJson("/audit/events?limit=1000"))["events"]!.AsArray().Select(e => (long)e!["sequence"]!).ToList();
        var paged = new List<long>();
        long? after = 0;
        var pages = 0;
        while (after is not null)
        {
            var page = await _api.GetJson($"/audit/events?limit=7&after={after}");
            paged.AddRange(page["events"]!.AsArray().Select(e => (long)e!["sequence"]!));
            after = (long?)page["next"];
            pages++;
        }
        Assert.Equal(all, paged);
        Assert.Equal(all.Order(), all);
        Assert.True(pages > 2, $"{all.Count} events in {pages} pages");

        var from = Uri.EscapeDataString(secondDay.ToString());
        var later = (await _api.GetJson($"/audit/events?from={from}&limit=1000"))["events"]!.AsArray();
        var earlier = (await _api.GetJson($"/audit/events?to={from}&limit=1000"))["events"]!.AsArray();
        Assert.NotEmpty(later);
        Assert.NotEmpty(earlier);
        Assert.All(later, e => Assert.True(Instant.FromDateTimeOffset(DateTimeOffset.Parse((string)e!["occurredAt"]!)) >= secondDay));
        Assert.All(earlier, e => Assert.True(Instant.FromDateTimeOffset(DateTimeOffset.Parse((string)e!["occurredAt"]!)) < secondDay));
        // Events without a business time (none here) would be in neither; everything else is in exactly one.
        Assert.Equal(all.Count, later.Count + earlier.Count);

        Assert.Equal(HttpStatusCode.BadRequest, (await _api.Client.GetAsync("/audit/events?limit=0")).StatusCode);
        foreach (var unparseable in new[] { "/audit/events?limit=abc", "/audit/events?after=1e3", $"/audit/streams/{Guid.NewGuid()}/state?version=x" })
        {
            var refused = await _api.Client.GetAsync(unparseable);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await _api.Client.GetAsync("/audit/events?from=yesterday")).StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_shows_an_example_of_every_audit_answer_and_describes_the_time_parameters()
    {
        var paths = (await _api.GetJson("/openapi/v1.json"))["paths"]!;
        foreach (var path in new[] { "/audit/streams/{streamId}/events", "/audit/streams/{streamId}/state", "/patrol-points/{pointId}/events",
                     "/incidents/{id}/decisions/{decisionId}/replay", "/audit/events", "/audit/verify" })
            Assert.True(paths[path]?["get"]?["responses"]?["200"]?["content"]?["application/json"]?["example"] is not null, $"{path} has no example");
        var state = paths["/audit/streams/{streamId}/state"]!["get"]!["parameters"]!.AsArray();
        Assert.StartsWith("Business time", (string)state.Single(p => (string)p!["name"]! == "asOf")!["description"]!);
        Assert.StartsWith("Recording time", (string)state.Single(p => (string)p!["name"]! == "recordedAsOf")!["description"]!);
    }

    [Fact]
    public async Task An_api_keys_stream_is_readable_without_its_secret_hash()
    {
        var (_, keyId) = await _api.IssueApiKey("网格7-1 警务通", [Dispatch.Domain.Access.Roles.FieldUnit], AuditHistory.Grid7Car);
        var issued = (await _api.GetJson($"/audit/streams/{keyId}/events")).AsArray().Single()!;
        Assert.Equal("api_key_issued.v1", (string)issued["type"]!);
        Assert.Equal("withheld", (string)issued["data"]!["secretSha256"]!);
        var state = await _api.GetJson($"/audit/streams/{keyId}/state");
        Assert.Equal("api-key", (string)state["kind"]!);
        Assert.Equal("withheld", (string)state["state"]!["secretSha256"]!);
        var history = (await _api.GetJson("/audit/events?limit=1000"))["events"]!.AsArray();
        Assert.Equal("withheld", (string)history.Single(e => (string)e!["type"]! == "api_key_issued.v1")!["data"]!["secretSha256"]!);
    }
}
