using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dispatch.Api.Feed;
using Dispatch.Domain.Access;
using NodaTime;
using static Dispatch.Api.Tests.FeedConsumer;

namespace Dispatch.Api.Tests;

/// <summary>
/// The integrators' feed over real HTTP on a real store: every contract event exactly once across pages and across
/// SSE reconnections, in sequence order; filters; grants; no personal data; bad queries are 400s.
/// </summary>
public class FeedTests : IAsyncLifetime
{
    private const string CallerName = "欧阳建国";
    private const string CallerPhone = "138 0395 4417";
    private const string Description = "广场有人打架，一人头部流血";
    private ApiHost _api = null!;

    public async Task InitializeAsync() =>
        _api = await ApiHost.StartAsync(overrides: new Dictionary<string, string?> { ["Feed:HeartbeatSeconds"] = "1" });

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private HttpClient Integrator(params string[] contracts) => _api.ClientWithToken(IntegratorToken(contracts));

    /// <summary>Two incidents in different places, one worked to the end and closed; GPS fixes between them.</summary>
    private async Task<Guid> ReportAndWork()
    {
        var first = await _api.Json(await _api.PostIncident(new
        {
            type = "disturbance", priority = 2, location = new { lat = 33.4456646, lon = 113.6189944, datum = "WGS-84" },
            address = "贾湖广场", description = Description, caller = new { name = CallerName, phone = CallerPhone },
        }));
        var id = Guid.Parse((string)first["id"]!);
        var unit = (string)first["decisions"]![0]!["chosenUnitId"]!;
        foreach (var (east, north) in new[] { (0.0, 0.0), (0.001, 0.0), (0.002, 0.001) })
            await _api.Client.PostAsJsonAsync($"/units/{unit}/position", new { lat = 33.44 + north, lon = 113.60 + east, datum = "WGS-84" });
        await _api.PostIncident(Incident.At(33.4380000, 113.6017705, address: "另一处"));
        foreach (var status in new[] { "en-route", "on-scene", "cleared" })
        {
            _api.Clock.Advance(Duration.FromMinutes(5));
            Assert.Equal(HttpStatusCode.OK, (await _api.Client.PostAsJsonAsync($"/units/{unit}/status", new { status, incidentId = id })).StatusCode);
        }
        Assert.True((await _api.Client.PostAsJsonAsync($"/incidents/{id}/close", new { reason = "处置完毕" })).IsSuccessStatusCode);
        return id;
    }

    [Fact]
    public async Task Every_contract_event_arrives_exactly_once_across_pages_in_sequence_order_as_a_CloudEvent()
    {
        await ReportAndWork();
        var expected = await ContractEventsInStore(_api.Store);
        var (items, next, pages) = await PullUntil(Integrator(AllContracts), expected[^1].Sequence, limit: 2);

        Assert.Equal(expected.Select(e => e.Id), items.Select(i => (string)i["id"]!));
        Assert.Equal(expected.Select(e => e.Sequence.ToString()), items.Select(i => (string)i["sequence"]!));
        // No page held more than the limit: 2 a page needs at least half as many pages as items.
        Assert.True(pages >= (expected.Count + 1) / 2, $"{pages} pages for {expected.Count} items at 2 a page");
        Assert.True(next >= expected[^1].Sequence);
        Assert.Contains(items, i => (string)i["type"]! == "cn.wuyang.police.unit.arrived.v1");
        Assert.Contains(items, i => (string)i["type"]! == "cn.wuyang.police.incident.closed.v1");
        foreach (var item in items)
        {
            Assert.Equal("1.0", (string)item["specversion"]!);
            Assert.Equal(FeedMapper.Source.ToString(), (string)item["source"]!);
            Assert.StartsWith(IntegrationContracts.TypePrefix, (string)item["type"]!);
            Assert.Equal("application/json", (string)item["datacontenttype"]!);
            Assert.NotNull(item["subject"]);
            Assert.True(DateTimeOffset.TryParse((string)item["time"]!, out _));
            Assert.IsType<JsonObject>(item["data"]);
        }

        // Nothing new: the cursor stays put and the page is empty.
        var again = await Integrator(AllContracts).GetFromJsonAsync<JsonObject>($"/feed?after={next}");
        Assert.Empty(again!["items"]!.AsArray());
        Assert.Equal(next, (long)again["next"]!);
    }

    [Fact]
    public async Task Types_and_grid_filter_and_the_cursor_still_moves_past_what_was_left_out()
    {
        await ReportAndWork();
        var expected = await ContractEventsInStore(_api.Store);
        var integrator = Integrator(AllContracts);
        var all = (await PullUntil(integrator, expected[^1].Sequence)).Items;

        var reported = await PullUntil(integrator, expected[^1].Sequence, "&types=incident.reported.v1,incident.closed.v1");
        Assert.Equal(all.Where(i => (string)i["type"]! is "cn.wuyang.police.incident.reported.v1" or "cn.wuyang.police.incident.closed.v1")
            .Select(i => (string)i["id"]!), reported.Items.Select(i => (string)i["id"]!));
        Assert.True(reported.Next >= expected[^1].Sequence);

        var grids = all.Where(i => i["grid"] is not null).Select(i => (string)i["grid"]!).Distinct().ToList();
        Assert.True(grids.Count >= 2, $"the two incidents should lie in two grids: {string.Join(";", grids)}");
        var grid = grids[0];
        var ofGrid = await PullUntil(integrator, expected[^1].Sequence, $"&grid={grid}");
        Assert.Equal(all.Where(i => i["grid"] is null || ((string)i["grid"]!).Split(',').Contains(grid)).Select(i => (string)i["id"]!),
            ofGrid.Items.Select(i => (string)i["id"]!));
        Assert.True(ofGrid.Items.Count < all.Count);
    }

    [Fact]
    public async Task An_integrator_reads_only_its_granted_contracts_and_asking_for_another_is_refused()
    {
        await ReportAndWork();
        var expected = await ContractEventsInStore(_api.Store);
        var narrow = Integrator("incident.reported.v1");
        var only = await PullUntil(narrow, expected[^1].Sequence);
        Assert.Equal(2, only.Items.Count);
        Assert.All(only.Items, i => Assert.Equal("cn.wuyang.police.incident.reported.v1", (string)i["type"]!));

        var refused = await narrow.GetAsync("/feed?types=incident.reported.v1,unit.dispatched.v1");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("contract-not-granted", (string)(await _api.Json(refused))["title"]!);
        Assert.Equal(HttpStatusCode.Forbidden, (await narrow.GetAsync("/feed/stream?types=unit.dispatched.v1")).StatusCode);

        var none = await PullUntil(Integrator(), expected[^1].Sequence);
        Assert.Empty(none.Items);
        Assert.True(none.Next >= expected[^1].Sequence);

        var contracts = (await Integrator("incident.reported.v1").GetFromJsonAsync<JsonArray>("/feed/contracts"))!;
        Assert.Equal(AllContracts, contracts.Select(c => (string)c!["name"]!));
        Assert.Equal(["incident.reported.v1"], contracts.Where(c => (bool)c!["granted"]!).Select(c => (string)c!["name"]!));
        Assert.Equal(HttpStatusCode.Forbidden, (await _api.ClientAs(Roles.Dispatcher).GetAsync("/feed")).StatusCode);
    }

    [Fact]
    public async Task No_contract_carries_the_callers_name_phone_or_the_description()
    {
        var id = await ReportAndWork();
        var expected = await ContractEventsInStore(_api.Store);
        var items = (await PullUntil(Integrator(AllContracts), expected[^1].Sequence)).Items;
        var ofIncident = items.Where(i => (string)i["subject"]! == $"incidents/{id}").ToList();
        Assert.Contains(ofIncident, i => (string)i["type"]! == "cn.wuyang.police.incident.reported.v1");
        var text = string.Join("\n", items.Select(i => i.ToJsonString(new System.Text.Json.JsonSerializerOptions
            { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })));
        Assert.Contains("贾湖广场", text); // the address is in the contract, written unescaped: the check below can see Chinese text
        foreach (var secret in new[] { CallerName, CallerPhone, CallerPhone.Replace(" ", ""), "4417", Description, "头部流血" })
            Assert.DoesNotContain(secret, text);
    }

    [Fact]
    public async Task The_stream_resumes_from_Last_Event_ID_with_nothing_lost_or_repeated_and_beats_its_heart_when_idle()
    {
        await ReportAndWork();
        var integrator = Integrator(AllContracts);
        var before = await ContractEventsInStore(_api.Store);
        var received = new List<SseEvent>();
        await using (var first = await SseConnection.OpenAsync(integrator, "/feed/stream?after=0"))
            for (var i = 0; i < before.Count / 2; i++)
                received.Add(await first.NextAsync(TimeSpan.FromSeconds(30)) ?? throw new Xunit.Sdk.XunitException("stream ended"));

        // While nobody listens, more happens.
        await ReportAndWork();
        var expected = await ContractEventsInStore(_api.Store);
        await using (var second = await SseConnection.OpenAsync(integrator, "/feed/stream?after=0", lastEventId: received[^1].Id))
        {
            while (received.Count < expected.Count && await second.NextAsync(TimeSpan.FromSeconds(30)) is { } e) received.Add(e);
            // All caught up: the next thing on the wire is a heartbeat, not an event.
            Assert.Null(await second.NextAsync(TimeSpan.FromSeconds(3)));
            Assert.Contains(": heartbeat", second.Comments);
        }

        Assert.Equal(expected.Select(e => e.Sequence), received.Select(e => e.Id));
        Assert.Equal(expected.Select(e => e.Id), received.Select(e => (string)e.Data["id"]!));
        Assert.All(received, e => Assert.Equal(e.Type, (string)e.Data["type"]!));
        Assert.All(received, e => Assert.Equal(e.Id.ToString(), (string)e.Data["sequence"]!));
    }

    [Theory]
    [InlineData("/feed?after=-1", "after")]
    [InlineData("/feed?after=abc", "after")]
    [InlineData("/feed?limit=0", "limit")]
    [InlineData("/feed?limit=1001", "limit")]
    [InlineData("/feed?types=incident.reported.v9", "types")]
    [InlineData("/feed?types=,", "types")]
    [InlineData("/feed?grid=999", "grid")]
    [InlineData("/feed?grid=seven", "grid")]
    [InlineData("/feed/stream?after=1.5", "after")]
    [InlineData("/feed/stream?types=nope", "types")]
    public async Task A_bad_query_is_a_400_problem_naming_the_field(string url, string field)
    {
        var response = await Integrator(AllContracts).GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull((await _api.Json(response))["errors"]![field]);
    }

    [Fact]
    public async Task A_bad_Last_Event_ID_is_a_400_problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/feed/stream");
        request.Headers.Add("Last-Event-ID", "x-17");
        var response = await Integrator(AllContracts).SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await _api.Json(response))["errors"]!["lastEventId"]);
    }
    [Fact]
    public async Task The_OpenAPI_document_describes_the_feed_query_with_examples()
    {
        var document = await _api.GetJson("/openapi/v1.json");
        var feed = document["paths"]!["/feed"]!["get"]!;
        foreach (var name in new[] { "after", "limit", "types", "grid" })
        {
            var parameter = feed["parameters"]!.AsArray().Single(p => (string)p!["name"]! == name)!;
            Assert.False(string.IsNullOrWhiteSpace((string?)parameter["description"]), name);
            Assert.NotNull(parameter["example"]);
        }
        var example = feed["responses"]!["200"]!["content"]!["application/json"]!["example"]!;
        Assert.Equal("cn.wuyang.police.incident.reported.v1", (string)example["items"]![0]!["type"]!);
        Assert.NotNull(document["paths"]!["/feed/contracts"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["example"]);
    }
}
