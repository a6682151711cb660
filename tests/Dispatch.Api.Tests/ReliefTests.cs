using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dispatch.Domain.Materials;
using Dispatch.Domain.Relief;
using Marten;

namespace Dispatch.Api.Tests;

/// <summary>Relief distribution (救助物资): a round, issues to people and households, once each, stock leaving the depot.</summary>
public class ReliefTests : IAsyncLifetime
{
    private ApiHost _api = null!;

    public async Task InitializeAsync() => _api = await ApiHost.StartAsync(MaterialsTests.WriteTown());

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private async Task<Guid> OpenRound(Guid depot, string name = "2026年冬季寒潮救助", int perRecipient = 1)
    {
        var response = await _api.Client.PostAsJsonAsync("/relief-rounds",
            new { name, item = "cotton-quilt", quantityPerRecipient = perRecipient, depotId = depot, note = "独居老人优先" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var round = await _api.Json(response);
        Assert.Equal(name, (string)round["name"]!);
        Assert.Equal("棉被", (string)round["itemName"]!);
        return Guid.Parse((string)round["id"]!);
    }

    private Task<HttpResponseMessage> Issue(Guid round, object body) => _api.Client.PostAsJsonAsync($"/relief-rounds/{round}/issues", body);

    /// <summary>A person of the care registry, as relief to a person must name one.</summary>
    private async Task<Guid> Register(string name = "王秀兰")
    {
        var spot = RiverTown.IncidentSpot;
        var response = await _api.Client.PostAsJsonAsync("/vulnerable-people", new
        {
            name, phone = "13903950001", address = "河镇北岸1号", householdCode = "RT-0001",
            location = new { lat = spot.Lat, lon = spot.Lon, datum = "WGS-84" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return Guid.Parse((string)(await _api.Json(response))["id"]!);
    }

    private async Task<int> OnHand(Guid depot, string item) =>
        (int)(await _api.GetJson($"/depots/{depot}"))["stock"]!.AsArray().Single(s => (string)s!["item"]! == item)!["onHand"]!;

    private async Task<long> EventCount()
    {
        await using var session = _api.Store.QuerySession();
        return await session.Events.QueryAllRawEvents().CountAsync();
    }

    [Fact]
    public async Task A_second_issue_to_the_same_household_or_person_is_refused_naming_the_first()
    {
        var round = await OpenRound(MaterialsTests.Across);
        var first = await Issue(round, new { householdCode = "wq-0012", note = "王奶奶家，已签字" });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var issued = await _api.Json(first);
        Assert.Equal(("household", "WQ-0012", 1), ((string)issued["recipientKind"]!, (string)issued["householdCode"]!, (int)issued["quantity"]!));
        Assert.Equal(49, await OnHand(MaterialsTests.Across, "cotton-quilt"));

        var before = await EventCount();
        var again = await Issue(round, new { householdCode = " WQ-0012 " });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var problem = await _api.Json(again);
        Assert.Equal("already-issued", (string)problem["title"]!);
        Assert.Contains((string)issued["id"]!, (string)problem["detail"]!);
        Assert.Equal((string)issued["id"]!, (string)problem["firstIssue"]!["id"]!);
        Assert.Equal(before, await EventCount());
        Assert.Equal(49, await OnHand(MaterialsTests.Across, "cotton-quilt"));

        var person = await Register();
        Assert.Equal(HttpStatusCode.Created, (await Issue(round, new { personId = person })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Issue(round, new { personId = person })).StatusCode);
        // Another round is another matter.
        var second = await OpenRound(MaterialsTests.Across, "2027年春节慰问");
        Assert.Equal(HttpStatusCode.Created, (await Issue(second, new { personId = person })).StatusCode);

        var view = await _api.GetJson($"/relief-rounds/{round}");
        Assert.Equal((2, 2, 47), ((int)view["recipients"]!, (int)view["quantityIssued"]!, (int)view["depotAvailable"]!));
        // Both issues share the fake clock's instant, so find the household's by its code rather than by position.
        Assert.Equal("王奶奶家，已签字", (string)view["issues"]!.AsArray().Single(i => (string?)i!["householdCode"] == "WQ-0012")!["note"]!);
        Assert.Equal("2026年冬季寒潮救助", (string)view["name"]!);
    }

    [Fact]
    public async Task Racing_issues_to_one_recipient_issue_once()
    {
        var round = await OpenRound(MaterialsTests.Across);
        for (var race = 0; race < 10; race++)
        {
            var person = await Register($"老人{race}");
            var household = $"户-{race:D3}";
            var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
                Issue(round, i % 2 == 0 ? new { personId = (Guid?)person, householdCode = (string?)null } : new { personId = (Guid?)null, householdCode = (string?)household })));
            Assert.Equal(2, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
            Assert.Equal(6, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        }
        var view = await _api.GetJson($"/relief-rounds/{round}");
        Assert.Equal(20, (int)view["recipients"]!);
        Assert.Equal(30, await OnHand(MaterialsTests.Across, "cotton-quilt"));
        await using var session = _api.Store.QuerySession();
        var issuedFromDepot = (await session.Events.FetchStreamAsync(MaterialsTests.Across)).Select(e => e.Data).OfType<ReliefMaterialsIssued>().Count();
        Assert.Equal(20, issuedFromDepot);
    }

    [Fact]
    public async Task An_empty_depot_answers_a_problem_and_stock_never_goes_negative()
    {
        var round = await OpenRound(MaterialsTests.UpRoad); // 3 quilts there
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Issue(round, new { householdCode = $"H{i}" })));
        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        var refused = answers.Where(a => a.StatusCode != HttpStatusCode.Created).ToList();
        Assert.Equal(3, refused.Count);
        Assert.All(refused, r => Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode));
        Assert.Equal("insufficient-stock", (string)(await _api.Json(refused[0]))["title"]!);
        Assert.Equal(0, await OnHand(MaterialsTests.UpRoad, "cotton-quilt"));
    }

    [Fact]
    public async Task Bad_input_answers_problems_and_writes_nothing()
    {
        var round = await OpenRound(MaterialsTests.Across);
        var before = await EventCount();
        foreach (var (body, field) in new (object, string)[]
                 {
                     (new { }, "recipient"),
                     (new { personId = Guid.CreateVersion7(), householdCode = "H1" }, "recipient"),
                     (new { personId = Guid.Empty }, "personId"),
                     (new { householdCode = "   " }, "householdCode"),
                     (new { householdCode = new string('x', 65) }, "householdCode"),
                     (new { householdCode = "H\u00011" }, "householdCode"),
                 })
        {
            var response = await Issue(round, body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.NotNull((await _api.Json(response))["errors"]![field]);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await Issue(Guid.CreateVersion7(), new { householdCode = "H1" })).StatusCode);
        // A person id must name someone in the care registry, still registered.
        Assert.Equal(HttpStatusCode.NotFound, (await Issue(round, new { personId = Guid.CreateVersion7() })).StatusCode);
        var left = await Register("迁出的老人");
        Assert.Equal(HttpStatusCode.OK,
            (await _api.Client.PostAsJsonAsync($"/vulnerable-people/{left}/deregister", new { reason = "迁出本县" })).StatusCode);
        before = await EventCount();
        var deregistered = await Issue(round, new { personId = left });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, deregistered.StatusCode);
        Assert.Equal("person-deregistered", (string)(await _api.Json(deregistered))["title"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.Client.GetAsync($"/relief-rounds/{Guid.CreateVersion7()}")).StatusCode);
        var rounds = new (object Body, HttpStatusCode Status)[]
        {
            (new { item = "cotton-quilt", quantityPerRecipient = 1, depotId = MaterialsTests.Across }, HttpStatusCode.BadRequest),
            (new { name = "x", item = "gold", quantityPerRecipient = 1, depotId = MaterialsTests.Across }, HttpStatusCode.BadRequest),
            (new { name = "x", item = "cotton-quilt", quantityPerRecipient = 0, depotId = MaterialsTests.Across }, HttpStatusCode.BadRequest),
            (new { name = "x", item = "cotton-quilt", quantityPerRecipient = 1 }, HttpStatusCode.BadRequest),
            (new { name = "x", item = "cotton-quilt", quantityPerRecipient = 1, depotId = Guid.CreateVersion7() }, HttpStatusCode.UnprocessableEntity),
        };
        foreach (var (body, status) in rounds)
        {
            var response = await _api.Client.PostAsJsonAsync("/relief-rounds", body);
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(before, await EventCount());
    }

    [Fact]
    public void The_issue_stream_id_is_one_per_round_and_recipient()
    {
        var round = Guid.CreateVersion7();
        var person = Guid.CreateVersion7();
        Assert.Equal(ReliefIssueState.StreamIdFor(round, ReliefIssueState.RecipientKey(person, null)),
            ReliefIssueState.StreamIdFor(round, ReliefIssueState.RecipientKey(person, null)));
        Assert.NotEqual(ReliefIssueState.StreamIdFor(round, ReliefIssueState.RecipientKey(person, null)),
            ReliefIssueState.StreamIdFor(Guid.CreateVersion7(), ReliefIssueState.RecipientKey(person, null)));
        Assert.Equal("WQ-0012", ReliefIssueState.NormalizeHouseholdCode(" wq-0012\t"));
        Assert.Equal("舞泉镇-A7", ReliefIssueState.NormalizeHouseholdCode("舞泉镇-a7"));
    }
}
