using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dispatch.Domain.Materials;
using Marten;

namespace Dispatch.Api.Tests;

/// <summary>
/// Depots, stock and allocation of materials to incidents on River Town (see <see cref="RiverTown"/>) with three depots:
/// 北端仓库 850 m up the side road from the incident spot, 东段仓库 1 km east along the north bank, 南岸仓库 on the south bank
/// 300 m from the spot in a straight line and 4.3 km by road over the bridge.
/// </summary>
public class MaterialsTests : IAsyncLifetime
{
    public static readonly Guid UpRoad = Guid.Parse("01a22ee6-e000-7000-8000-0000000000b1");
    public static readonly Guid East = Guid.Parse("01a22ee6-e000-7000-8000-0000000000c1");
    public static readonly Guid Across = Guid.Parse("01a22ee6-e000-7000-8000-0000000000a1");

    private ApiHost _api = null!;
    private Guid _incident;

    /// <summary>River Town with a depots file: three depots, their stock given per test need.</summary>
    public static string WriteTown()
    {
        var directory = RiverTown.Write();
        object Depot(Guid id, string name, double x, double y, params (string Item, int Quantity)[] stock) => new
        {
            id, name, nameEn = (string?)null, modeled = true,
            location = new { lat = RiverTown.P(x, y).Lat, lon = RiverTown.P(x, y).Lon, datum = "WGS-84" },
            stock = stock.Select(s => new { item = s.Item, quantity = s.Quantity }).ToArray(),
        };
        var items = new[] { ("sandbag", "沙袋", "袋"), ("first-aid-kit", "急救包", "个"), ("tent", "帐篷", "顶"), ("life-jacket", "救生衣", "件"),
            ("cotton-quilt", "棉被", "床") };
        File.WriteAllText(Path.Combine(directory, MaterialsCatalog.FileName), JsonSerializer.Serialize(new
        {
            modeled = true,
            notice = "test depots",
            items = items.Select(i => new { code = i.Item1, name = i.Item2, unit = i.Item3 }).ToArray(),
            depots = new[]
            {
                Depot(UpRoad, "北端仓库", 0, 1000, ("sandbag", 500), ("first-aid-kit", 5), ("tent", 2), ("cotton-quilt", 3)),
                Depot(East, "东段仓库", 1000, 150, ("sandbag", 500), ("first-aid-kit", 3)),
                Depot(Across, "南岸仓库", 0, -150, ("sandbag", 500), ("first-aid-kit", 100), ("tent", 1), ("cotton-quilt", 50)),
            },
        }));
        return directory;
    }

    public async Task InitializeAsync()
    {
        _api = await ApiHost.StartAsync(WriteTown());
        var spot = RiverTown.IncidentSpot;
        _incident = Guid.Parse((string)(await _api.Json(await _api.PostIncident(Incident.At(spot.Lat, spot.Lon, type: "flood"))))["id"]!);
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private Task<HttpResponseMessage> Allocate(params (string Item, int Quantity)[] lines) =>
        _api.Client.PostAsJsonAsync($"/incidents/{_incident}/material-allocations",
            new { lines = lines.Select(l => new { item = l.Item, quantity = l.Quantity }).ToArray() });

    private async Task<JsonNode> Stock(Guid depot, string item) =>
        (await _api.GetJson($"/depots/{depot}"))["stock"]!.AsArray().Single(s => (string)s!["item"]! == item)!;

    private static Dictionary<Guid, int> Taken(JsonNode allocation, string item) => allocation["lines"]!.AsArray()
        .Where(l => (string)l!["item"]! == item).ToDictionary(l => Guid.Parse((string)l!["depotId"]!), l => (int)l!["allocated"]!);

    private async Task<long> EventCount()
    {
        await using var session = _api.Store.QuerySession();
        return await session.Events.QueryAllRawEvents().CountAsync();
    }

    [Fact]
    public async Task Without_lines_the_incident_plan_versions_lines_for_its_scale_are_allocated()
    {
        // _incident was reported before River Town had a flood plan: nothing to default to, and nothing written.
        var before = await EventCount();
        var none = await _api.Client.PostAsJsonAsync($"/incidents/{_incident}/material-allocations", new { });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, none.StatusCode);
        Assert.Equal("no-plan-materials", (string)(await _api.Json(none))["title"]!);
        Assert.Equal(before, await EventCount());

        var published = await _api.Json(await _api.Client.PostAsJsonAsync("/emergency-plans", new
        {
            code = "flood", title = "防汛应急预案", steps = new[] { "转移低洼处群众" }, departments = Array.Empty<object>(),
            materials = new
            {
                small = new[] { new { item = "sandbag", quantity = 40 } },
                large = new[] { new { item = "sandbag", quantity = 600 }, new { item = "tent", quantity = 2 } },
                major = Array.Empty<object>(),
            },
        }));
        var spot = RiverTown.IncidentSpot;
        var flood = (string)(await _api.Json(await _api.PostIncident(Incident.At(spot.Lat, spot.Lon, type: "flood"))))["id"]!;
        var small = await _api.Json(await _api.Client.PostAsJsonAsync($"/incidents/{flood}/material-allocations", new { }));
        Assert.Equal($"plan:{(string)published["id"]!}:v1:small", (string)small["requirementSource"]!);
        Assert.Equal(40, Taken(small, "sandbag").Values.Sum());

        Assert.Equal(HttpStatusCode.OK,
            (await _api.Client.PostAsJsonAsync($"/incidents/{flood}/classification", new { scale = "large" })).StatusCode);
        var large = await _api.Json(await _api.Client.PostAsJsonAsync($"/incidents/{flood}/material-allocations", new { }));
        Assert.Equal($"plan:{(string)published["id"]!}:v1:large", (string)large["requirementSource"]!);
        Assert.Equal(600, Taken(large, "sandbag").Values.Sum());
        Assert.Equal(2, Taken(large, "tent").Values.Sum());
        Assert.True(Taken(large, "sandbag").Count > 1, "600 sandbags need more than one 500-bag depot");
    }

    [Fact]
    public async Task Depots_rank_by_road_time_not_by_straight_line_distance()
    {
        var response = await Allocate(("sandbag", 10));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var allocation = await _api.Json(response);
        Assert.Equal(new Dictionary<Guid, int> { [UpRoad] = 10 }, Taken(allocation, "sandbag"));
        var considered = allocation["depotsConsidered"]!.AsArray();
        Assert.Equal(["北端仓库", "东段仓库", "南岸仓库"], considered.Select(d => (string)d!["name"]!));
        Assert.Equal([1, 2, 3], considered.Select(d => (int)d!["rank"]!));
        // 南岸仓库 is the nearest as the crow flies and the slowest by road.
        var across = considered[2]!;
        Assert.True((double)across["straightLineMetres"]! < (double)considered[0]!["straightLineMetres"]!);
        Assert.True((double)across["roadMetres"]! > 4000);
        Assert.True((double)considered[0]!["travelSeconds"]! < (double)considered[1]!["travelSeconds"]!);
        Assert.True((bool)allocation["fullyMet"]!);

        var up = await Stock(UpRoad, "sandbag");
        Assert.Equal((500, 10, 490), ((int)up["onHand"]!, (int)up["reserved"]!, (int)up["available"]!));
    }

    [Fact]
    public async Task A_short_nearest_depot_is_topped_up_from_the_next_and_what_none_has_is_the_shortfall()
    {
        var allocation = await _api.Json(await Allocate(("first-aid-kit", 20), ("tent", 10)));
        Assert.Equal(new Dictionary<Guid, int> { [UpRoad] = 5, [East] = 3, [Across] = 12 }, Taken(allocation, "first-aid-kit"));
        Assert.Equal(new Dictionary<Guid, int> { [UpRoad] = 2, [Across] = 1 }, Taken(allocation, "tent"));
        var shortfall = Assert.Single(allocation["shortfall"]!.AsArray())!;
        Assert.Equal(("tent", "帐篷", 7), ((string)shortfall["item"]!, (string)shortfall["name"]!, (int)shortfall["quantity"]!));
        Assert.False((bool)allocation["fullyMet"]!);

        // The decision event holds every depot with its road time and what it had, the lines and the shortfall.
        var id = Guid.Parse((string)allocation["id"]!);
        await using var session = _api.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(id);
        var decided = Assert.IsType<MaterialsAllocated>(Assert.Single(events).Data);
        Assert.Equal(3, decided.Depots.Count);
        Assert.Equal(5, decided.Depots[0].Available.Single(a => a.Item == "first-aid-kit").Quantity);
        Assert.Equal([new MaterialLine("tent", 7)], decided.Shortfall);
        // Re-run by an auditor from the recorded inputs alone: the same lines.
        var replay = AllocationPlanner.Plan(
            decided.Depots.Select(d => new DepotStock(d.DepotId, d.Name, decided.IncidentLocation, d.Available)).ToList(),
            decided.Depots.Where(d => d.TravelSeconds is not null)
                .ToDictionary(d => d.DepotId, d => new Dispatch.Domain.Roads.RoadEta(d.TravelSeconds!.Value, d.RoadMetres!.Value)),
            decided.IncidentLocation, decided.Requirements);
        Assert.Equal(decided.Taken, replay.Taken);
        Assert.Equal(decided.Shortfall, replay.Shortfall);

        // Each depot stream got its reservation in the same transaction.
        foreach (var depot in new[] { UpRoad, East, Across })
            Assert.Contains((await session.Events.FetchStreamAsync(depot)).Select(e => e.Data), e => e is MaterialsReserved r && r.AllocationId == id);
        var tents = await Stock(Across, "tent");
        Assert.Equal((1, 1, 0), ((int)tents["onHand"]!, (int)tents["reserved"]!, (int)tents["available"]!));
    }

    [Fact]
    public async Task Concurrent_allocations_that_together_exceed_stock_never_over_allocate()
    {
        // 5 + 3 + 100 first-aid kits; the far depot's 100 are written off so the stock is 8 near the spot.
        Assert.Equal(HttpStatusCode.OK, (await _api.Client.PostAsJsonAsync($"/depots/{Across}/write-offs",
            new { lines = new[] { new { item = "first-aid-kit", quantity = 100 } }, reason = "过期" })).StatusCode);
        for (var round = 0; round < 12; round++)
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Allocate(("first-aid-kit", 3))));
            Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
            var allocations = await Task.WhenAll(answers.Select(a => _api.Json(a)));
            var taken = allocations.Sum(a => Taken(a, "first-aid-kit").Values.Sum());
            var short_ = allocations.Sum(a => a["shortfall"]!.AsArray().Sum(s => (int)s!["quantity"]!));
            Assert.Equal(8, taken); // 12 asked, 8 there: all 8 reserved, never more
            Assert.Equal(4, short_);
            foreach (var depot in new[] { UpRoad, East, Across })
            {
                var stock = await Stock(depot, "first-aid-kit");
                Assert.True((int)stock["reserved"]! <= (int)stock["onHand"]!, $"round {round}: {stock}");
                Assert.True((int)stock["available"]! >= 0);
            }
            // Give it all back for the next round.
            foreach (var allocation in allocations.Where(a => Taken(a, "first-aid-kit").Count > 0))
                Assert.Equal(HttpStatusCode.OK, (await _api.Client.PostAsJsonAsync($"/material-allocations/{allocation["id"]}/releases",
                    new { reason = "演练结束" })).StatusCode);
            Assert.Equal(0, (int)(await Stock(UpRoad, "first-aid-kit"))["reserved"]!);
        }

        // From the events alone: reservations minus releases never exceed what was received minus written off.
        await using var session = _api.Store.QuerySession();
        foreach (var depot in new[] { UpRoad, East, Across })
        {
            int onHand = 0, reserved = 0;
            foreach (var e in (await session.Events.FetchStreamAsync(depot)).Select(e => e.Data))
            {
                int Kits(IEnumerable<MaterialLine> lines) => lines.Where(l => l.Item == "first-aid-kit").Sum(l => l.Quantity);
                (onHand, reserved) = e switch
                {
                    MaterialsReceived r => (onHand + Kits(r.Lines), reserved),
                    MaterialsWrittenOff w => (onHand - Kits(w.Lines), reserved),
                    MaterialsReserved r => (onHand, reserved + Kits(r.Lines)),
                    MaterialReservationReleased r => (onHand, reserved - Kits(r.Lines)),
                    _ => (onHand, reserved),
                };
                Assert.True(reserved <= onHand && onHand >= 0, $"{depot}: reserved {reserved} of {onHand}");
            }
        }
    }

    [Fact]
    public async Task Dispatch_return_and_release_move_stock_as_the_lines_say_and_no_more()
    {
        var allocation = await _api.Json(await Allocate(("sandbag", 600)));
        var id = (string)allocation["id"]!;
        Assert.Equal(new Dictionary<Guid, int> { [UpRoad] = 500, [East] = 100 }, Taken(allocation, "sandbag"));

        var dispatched = await _api.Client.PostAsJsonAsync($"/material-allocations/{id}/dispatches",
            new { lines = new[] { new { depotId = UpRoad, item = "sandbag", quantity = 300 } } });
        Assert.Equal(HttpStatusCode.OK, dispatched.StatusCode);
        var up = await Stock(UpRoad, "sandbag");
        Assert.Equal((200, 200, 0), ((int)up["onHand"]!, (int)up["reserved"]!, (int)up["available"]!));

        // More than is reserved, or returning what never left: refused, nothing written.
        var before = await EventCount();
        var tooMany = await _api.Client.PostAsJsonAsync($"/material-allocations/{id}/dispatches",
            new { lines = new[] { new { depotId = UpRoad, item = "sandbag", quantity = 201 } } });
        Assert.Equal(HttpStatusCode.Conflict, tooMany.StatusCode);
        var neverLeft = await _api.Client.PostAsJsonAsync($"/material-allocations/{id}/returns",
            new { lines = new[] { new { depotId = East, item = "sandbag", quantity = 1 } } });
        Assert.Equal(HttpStatusCode.Conflict, neverLeft.StatusCode);
        Assert.Equal(before, await EventCount());

        Assert.Equal(HttpStatusCode.OK, (await _api.Client.PostAsJsonAsync($"/material-allocations/{id}/returns",
            new { lines = new[] { new { depotId = UpRoad, item = "sandbag", quantity = 120 } }, note = "汛情解除，沙袋运回" })).StatusCode);
        var released = await _api.Json(await _api.Client.PostAsJsonAsync($"/material-allocations/{id}/releases", new { reason = "用不上" }));
        var lines = released["lines"]!.AsArray();
        var upLine = lines.Single(l => Guid.Parse((string)l!["depotId"]!) == UpRoad)!;
        Assert.Equal((500, 300, 120, 200, 0, 180), ((int)upLine["allocated"]!, (int)upLine["dispatched"]!, (int)upLine["returned"]!,
            (int)upLine["released"]!, (int)upLine["reserved"]!, (int)upLine["outstanding"]!));
        up = await Stock(UpRoad, "sandbag");
        Assert.Equal((320, 0, 320), ((int)up["onHand"]!, (int)up["reserved"]!, (int)up["available"]!));
        var east = await Stock(East, "sandbag");
        Assert.Equal((500, 0, 500), ((int)east["onHand"]!, (int)east["reserved"]!, (int)east["available"]!));

        var list = (await _api.GetJson($"/incidents/{_incident}/material-allocations")).AsArray();
        Assert.Equal(id, (string)Assert.Single(list)!["id"]!);
        Assert.Equal("汛情解除，沙袋运回", (await _api.GetJson($"/audit/streams/{UpRoad}/events")).AsArray()
            .Select(e => e!["data"]!["note"]?.GetValue<string>()).Last(n => n is not null));
    }

    [Fact]
    public async Task Stock_never_goes_negative_and_bad_input_writes_nothing()
    {
        var before = await EventCount();
        var url = $"/incidents/{_incident}/material-allocations";
        foreach (var (body, field) in new (object Body, string Field)[]
                 {
                     (new { lines = Array.Empty<object>() }, "lines"),
                     (new { lines = new[] { new { item = "unicorn", quantity = 1 } } }, "lines[0].item"),
                     (new { lines = new[] { new { item = "sandbag", quantity = 0 } } }, "lines[0].quantity"),
                     (new { lines = new[] { new { item = "sandbag", quantity = -5 } } }, "lines[0].quantity"),
                     (new { lines = new[] { new { item = "sandbag", quantity = 1 }, new { item = "sandbag", quantity = 2 } } }, "lines[1].item"),
                 })
        {
            var response = await _api.Client.PostAsJsonAsync(url, body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.NotNull((await _api.Json(response))["errors"]![field]);
        }
        var notJson = await _api.Client.PostAsync(url, new StringContent("{\"lines\": [{\"item\": \"sandbag\", \"quantity\": 1.5}]}",
            System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);

        var sandbag = new[] { new { item = "sandbag", quantity = 1 } };
        Assert.Equal(HttpStatusCode.NotFound, (await _api.Client.PostAsJsonAsync($"/incidents/{Guid.CreateVersion7()}/material-allocations",
            new { lines = sandbag })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.Client.PostAsJsonAsync($"/depots/{Guid.CreateVersion7()}/receipts",
            new { lines = sandbag })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.Client.GetAsync($"/depots/{Guid.CreateVersion7()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.Client.PostAsJsonAsync($"/material-allocations/{Guid.CreateVersion7()}/dispatches",
            new { })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _api.Client.PostAsJsonAsync($"/depots/{East}/write-offs",
            new { lines = sandbag })).StatusCode); // no reason
        var tooMuch = await _api.Client.PostAsJsonAsync($"/depots/{East}/write-offs",
            new { lines = new[] { new { item = "sandbag", quantity = 501 } }, reason = "受潮" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMuch.StatusCode);
        Assert.Equal("insufficient-stock", (string)(await _api.Json(tooMuch))["title"]!);
        var none = await _api.Client.PostAsJsonAsync($"/depots/{East}/write-offs",
            new { lines = new[] { new { item = "tent", quantity = 1 } }, reason = "丢失" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, none.StatusCode);
        Assert.Equal(before, await EventCount());

        // A closed incident takes no allocation.
        Assert.Equal(HttpStatusCode.OK, (await _api.Client.PostAsJsonAsync($"/incidents/{_incident}/close", new { reason = "处置完毕" })).StatusCode);
        var afterClose = await EventCount();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await _api.Client.PostAsJsonAsync(url, new { lines = sandbag })).StatusCode);
        Assert.Equal(afterClose, await EventCount());

        foreach (var depot in (await _api.GetJson("/depots")).AsArray())
        foreach (var row in depot!["stock"]!.AsArray())
            Assert.True((int)row!["onHand"]! >= 0 && (int)row["available"]! >= 0 && (int)row["reserved"]! >= 0);
    }

    [Fact]
    public async Task Receipts_and_write_offs_change_stock_and_keep_the_chinese_text()
    {
        var received = await _api.Client.PostAsJsonAsync($"/depots/{East}/receipts",
            new { lines = new[] { new { item = "tent", quantity = 4 } }, note = "县应急局调拨 «第3批»" });
        Assert.Equal(HttpStatusCode.OK, received.StatusCode);
        var writtenOff = await _api.Json(await _api.Client.PostAsJsonAsync($"/depots/{East}/write-offs",
            new { lines = new[] { new { item = "tent", quantity = 1 } }, reason = "帐篷被大风撕裂，无法修复" }));
        var tent = writtenOff["stock"]!.AsArray().Single(s => (string)s!["item"]! == "tent")!;
        Assert.Equal((3, 3, "帐篷", "顶"), ((int)tent["onHand"]!, (int)tent["available"]!, (string)tent["name"]!, (string)tent["unit"]!));
        var events = (await _api.GetJson($"/audit/streams/{East}/events")).AsArray();
        Assert.Equal("县应急局调拨 «第3批»", (string)events[^2]!["data"]!["note"]!);
        Assert.Equal("帐篷被大风撕裂，无法修复", (string)events[^1]!["data"]!["reason"]!);
        Assert.Equal(["depot_commissioned.v1", "materials_received.v1", "materials_received.v1", "materials_written_off.v1"],
            events.Select(e => (string)e!["type"]!));
    }
}

/// <summary>The bundled Wuyang depots: commissioned once from depots.json, on the roads, ranked for an incident at 贾湖广场.</summary>
public class WuyangDepotsTests
{
    [Fact]
    public async Task The_modeled_depots_are_commissioned_once_and_serve_an_incident_by_road_time()
    {
        string schema;
        await using (var api = await ApiHost.StartAsync())
        {
            schema = api.Schema;
            var depots = (await api.GetJson("/depots")).AsArray();
            Assert.Equal(5, depots.Count);
            Assert.All(depots, d => Assert.True((bool)d!["modeled"]!));
            var reserve = depots.Single(d => (string)d!["name"]! == "县应急物资储备库")!;
            Assert.Equal(3000, (int)reserve["stock"]!.AsArray().Single(s => (string)s!["item"]! == "sandbag")!["onHand"]!);
            Assert.Equal(12, reserve["stock"]!.AsArray().Count);

            var incident = await api.Json(await api.PostIncident(Incident.At(33.4456646, 113.6189944, type: "flood", address: "贾湖广场")));
            var allocation = await api.Json(await api.Client.PostAsJsonAsync($"/incidents/{incident["id"]}/material-allocations",
                new { lines = new[] { new { item = "cotton-quilt", quantity = 50 }, new { item = "sandbag", quantity = 100 } } }));
            var considered = allocation["depotsConsidered"]!.AsArray();
            Assert.Equal(5, considered.Count);
            var times = considered.Select(d => (double)d!["travelSeconds"]!).ToList();
            Assert.Equal(times.Order(), times);
            Assert.True((bool)allocation["fullyMet"]!);
        }
        // A restart on the same store commissions nothing again.
        await using (var again = await ApiHost.StartAsync(schema: schema))
        {
            await using var session = again.Store.QuerySession();
            var stream = await session.Events.FetchStreamAsync(Guid.Parse("01a22ee6-e000-7000-8000-000000000001"));
            Assert.Equal(2, stream.Count(e => e.Data is DepotCommissioned or MaterialsReceived));
            Assert.Single(stream, e => e.Data is DepotCommissioned);
        }
    }
}
