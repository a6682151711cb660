using System.Text.Json.Nodes;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Dispatch.Domain.Incidents;
using Marten;

namespace Dispatch.Api.Tests;

/// <summary>Bad input gets an RFC 9457 problem, never a 500, and nothing is written.</summary>
[Collection("wuyang")]
public class BadInputTests(WuyangFixture fixture)
{
    private ApiHost Api => fixture.Host;

    public static TheoryData<string, string> MalformedIncidents => new()
    {
        { "{\"type\":\"fire\",", "truncated JSON" },
        { "null", "a JSON null" },
        { "[]", "an array" },
        { "{\"type\":\"fire\",\"priority\":\"high\",\"location\":{\"lat\":33.44,\"lon\":113.6,\"datum\":\"WGS-84\"}}", "priority as text" },
        { "{\"priority\":2,\"location\":{\"lat\":33.44,\"lon\":113.6,\"datum\":\"WGS-84\"}}", "no type" },
        { "{\"type\":\"Fire Alarm!\",\"priority\":2,\"location\":{\"lat\":33.44,\"lon\":113.6,\"datum\":\"WGS-84\"}}", "type not a code" },
        { "{\"type\":\"fire\",\"priority\":9,\"location\":{\"lat\":33.44,\"lon\":113.6,\"datum\":\"WGS-84\"}}", "priority out of range" },
        { "{\"type\":\"fire\",\"priority\":2}", "no location" },
        { "{\"type\":\"fire\",\"priority\":2,\"location\":{\"lat\":91,\"lon\":113.6,\"datum\":\"WGS-84\"}}", "latitude over 90" },
        { "{\"type\":\"fire\",\"priority\":2,\"location\":{\"lat\":33.44,\"lon\":-181,\"datum\":\"WGS-84\"}}", "longitude under -180" },
        { "{\"type\":\"fire\",\"priority\":2,\"location\":{\"lat\":33.44,\"datum\":\"WGS-84\"}}", "no longitude" },
        { "{\"type\":\"fire\",\"priority\":2,\"location\":{\"lat\":33.44,\"lon\":113.6}}", "no datum" },
        { "{\"type\":\"fire\",\"priority\":2,\"location\":{\"lat\":33.44,\"lon\":113.6,\"datum\":\"XYZ\"}}", "unknown datum" },
        { "{\"type\":\"fire\",\"priority\":2,\"location\":{\"lat\":\"NaN\",\"lon\":113.6,\"datum\":\"WGS-84\"}}", "NaN latitude" },
        { "{\"id\":\"00000000-0000-0000-0000-000000000000\",\"type\":\"fire\",\"priority\":2,\"location\":{\"lat\":33.44,\"lon\":113.6,\"datum\":\"WGS-84\"}}", "empty id" },
        { "{\"id\":\"not-a-guid\",\"type\":\"fire\",\"priority\":2,\"location\":{\"lat\":33.44,\"lon\":113.6,\"datum\":\"WGS-84\"}}", "id not a GUID" },
        { "{\"type\":\"fire\",\"priority\":2,\"location\":{\"lat\":33.44,\"lon\":113.6,\"datum\":\"WGS-84\"},\"description\":\"a\\u0000b\"}", "control character" },
    };

    [Theory]
    [MemberData(nameof(MalformedIncidents))]
    public async Task A_malformed_incident_is_a_400_problem_and_stores_nothing(string body, string why)
    {
        var before = await IncidentCount();
        var response = await Api.Client.PostAsync("/incidents", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await Api.Json(response);
        Assert.Equal(400, (int)problem["status"]!);
        Assert.False(string.IsNullOrEmpty((string?)problem["title"]));
        Assert.Equal(before, await IncidentCount());
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_refused_with_a_problem()
    {
        var response = await Api.Client.PostAsync("/incidents", new StringContent("type=fire", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Validation_problems_name_every_bad_field()
    {
        var response = await Api.Client.PostAsJsonAsync("/incidents", new { type = "", priority = 0, location = new { lat = 100, lon = 0, datum = "WGS-84" } });
        var problem = await Api.Json(response);
        var fields = problem["errors"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Equal(["location", "priority", "type"], fields.Order());

        var both = await Api.Json(await Api.Client.PostAsJsonAsync("/incidents",
            new { type = "fire", priority = 1, location = new { lat = 200, lon = 0, datum = "XX" } }));
        Assert.Equal(["location", "location.datum"], both["errors"]!.AsObject().Select(e => e.Key).Order());
    }

    [Fact]
    public async Task Unknown_ids_are_404_problems()
    {
        foreach (var url in new[] { $"/incidents/{Guid.CreateVersion7()}", $"/incidents/{Guid.CreateVersion7()}/events", $"/units/{Guid.CreateVersion7()}" })
        {
            var response = await Api.Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        var status = await Api.Client.PostAsJsonAsync($"/units/{Guid.CreateVersion7()}/status", new { status = "en-route", incidentId = Guid.CreateVersion7() });
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
        var notAGuid = await Api.Client.GetAsync("/incidents/not-a-guid");
        Assert.Equal(HttpStatusCode.NotFound, notAGuid.StatusCode);
    }

    [Fact]
    public async Task An_unknown_status_is_a_400_and_a_status_without_an_assignment_is_a_409()
    {
        var board = await Api.GetJson("/units");
        var idle = board.AsArray().First(u => (string)u!["status"]! == "available")!;

        var unknown = await Api.Client.PostAsJsonAsync($"/units/{idle["id"]}/status", new { status = "flying", incidentId = Guid.CreateVersion7() });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var notAssigned = await Api.Client.PostAsJsonAsync($"/units/{idle["id"]}/status", new { status = "on-scene", incidentId = Guid.CreateVersion7() });
        Assert.Equal(HttpStatusCode.Conflict, notAssigned.StatusCode);
        Assert.Equal("unit-not-assigned", (string)(await Api.Json(notAssigned))["title"]!);
    }

    [Fact]
    public async Task A_retried_create_gets_the_first_answer_and_a_reused_id_with_another_report_is_a_409()
    {
        var id = Guid.CreateVersion7();
        var report = Incident.At(33.4456646, 113.6189944, id: id, description: "重复提交");
        var first = await Api.PostIncident(report);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var firstBody = await first.Content.ReadAsStringAsync();

        var retry = await Api.PostIncident(report);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(firstBody, await retry.Content.ReadAsStringAsync());

        var other = await Api.PostIncident(Incident.At(33.44, 113.60, type: "fire", id: id));
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Equal("incident-exists", (string)(await Api.Json(other))["title"]!);

        var events = await Api.GetJson($"/incidents/{id}/events");
        Assert.Equal(3, events.AsArray().Count); // reported, dispatched, and the unit's assignment: once each
        var unit = (string)JsonNode.Parse(firstBody)!["decisions"]![0]!["chosenUnitId"]!;
        await Api.Client.PostAsJsonAsync($"/units/{unit}/status", new { status = "cleared", incidentId = id });
    }

    [Fact]
    public async Task Simultaneous_retries_of_one_create_all_get_the_same_incident()
    {
        var id = Guid.CreateVersion7();
        var report = Incident.At(33.4456646, 113.6189944, id: id, description: "网络重试");
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Api.PostIncident(report)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        var bodies = await Task.WhenAll(answers.Select(Api.Json));
        Assert.All(bodies, b => Assert.Equal(id.ToString(), (string)b["id"]!));
        var events = await Api.GetJson($"/incidents/{id}/events");
        Assert.Single(events.AsArray(), e => (string)e!["type"]! == "incident_reported.v1");
        Assert.Single(events.AsArray(), e => (string)e!["type"]! == "unit_dispatched.v1");
        var unit = (string)events.AsArray().First(e => (string)e!["type"]! == "unit_dispatched.v1")!["data"]!["unitId"]!;
        await Api.Client.PostAsJsonAsync($"/units/{unit}/status", new { status = "cleared", incidentId = id });
    }

    [Fact]
    public async Task An_incident_id_that_belongs_to_a_unit_is_refused_and_the_unit_stream_untouched()
    {
        var unit = (await Api.GetJson("/units"))[0]!;
        var unitId = Guid.Parse((string)unit["id"]!);
        await using var session = Api.Store.QuerySession();
        var before = (await session.Events.FetchStreamAsync(unitId)).Count;

        var response = await Api.PostIncident(Incident.At(33.4456646, 113.6189944, id: unitId));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("id-in-use", (string)(await Api.Json(response))["title"]!);
        await using var after = Api.Store.QuerySession();
        Assert.Equal(before, (await after.Events.FetchStreamAsync(unitId)).Count);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Client.GetAsync($"/incidents/{unitId}/events")).StatusCode);
    }

    [Fact]
    public async Task Swapped_axes_are_a_400_with_a_hint_on_axis_order()
    {
        var response = await Api.PostIncident(Incident.At(113.6189944, 33.4456646));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("north-south axis", (string)(await Api.Json(response))["errors"]!["location"]![0]!);
    }

    [Fact]
    public async Task The_empty_GUID_is_no_unit()
    {
        var empty = Guid.Empty;
        Assert.Equal(HttpStatusCode.NotFound,
            (await Api.Client.PostAsJsonAsync($"/units/{empty}/status", new { status = "cleared", incidentId = Guid.CreateVersion7() })).StatusCode);
        // Only a unit's own device reports its position, and the empty GUID is nobody's unit: refused like any other.
        Assert.Equal(HttpStatusCode.Forbidden,
            (await Api.Client.PostAsJsonAsync($"/units/{empty}/position", new { lat = 33.4456646, lon = 113.6189944, datum = "WGS-84" })).StatusCode);
    }

    [Theory]
    [InlineData(0.0, 0.0, "Null Island")]
    [InlineData(39.9042, 116.4074, "Beijing")]
    [InlineData(33.4456646, -113.6189944, "longitude sign lost")]
    [InlineData(33.60, 113.605, "18 km north, beyond the modeled network")]
    public async Task A_location_beyond_the_road_network_is_a_422_and_nothing_is_dispatched(double lat, double lon, string where)
    {
        var before = await IncidentCount();
        var response = await Api.PostIncident(Incident.At(lat, lon));
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{where}: {(int)response.StatusCode}");
        var problem = await Api.Json(response);
        Assert.Equal("outside-service-area", (string)problem["title"]!);
        Assert.Contains("axis order", (string)problem["detail"]!);
        Assert.Equal(before, await IncidentCount());

        var unit = (string)(await Api.GetJson("/units"))[0]!["id"]!;
        var moved = await Api.Client.PostAsJsonAsync($"/units/{unit}/position", new { lat, lon, datum = "WGS-84" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, moved.StatusCode);
    }

    [Fact]
    public async Task A_request_aborted_mid_body_writes_nothing_and_the_server_carries_on()
    {
        var before = await IncidentCount();
        var body = System.Text.Encoding.UTF8.GetBytes(
            "{\"type\":\"fire\",\"priority\":1,\"location\":{\"lat\":33.4456646,\"lon\":113.6189944,\"datum\":\"WGS-84\"}}");
        var uri = Api.Client.BaseAddress!;
        using (var socket = new System.Net.Sockets.TcpClient())
        {
            await socket.ConnectAsync(uri.Host, uri.Port);
            var stream = socket.GetStream();
            var head = $"POST /incidents HTTP/1.1\r\nHost: {uri.Host}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n";
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head));
            await stream.WriteAsync(body.AsMemory(0, body.Length / 2)); // half the body, then the client is gone
            await stream.FlushAsync();
        }
        await Task.Delay(500);
        Assert.Equal(before, await IncidentCount());
        Assert.Equal(HttpStatusCode.OK, (await Api.Client.GetAsync("/units")).StatusCode);
    }

    private async Task<int> IncidentCount()
    {
        await using var session = Api.Store.QuerySession();
        return await session.Query<IncidentState>().CountAsync();
    }
}
