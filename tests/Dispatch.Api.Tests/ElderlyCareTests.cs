using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dispatch.Api.Elderly;
using Dispatch.Domain.Access;
using Dispatch.Domain.Elderly;
using Dispatch.Domain.Incidents;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;
using static Dispatch.Api.Tests.FeedConsumer;

namespace Dispatch.Api.Tests;

/// <summary>
/// The care of elderly people in emergencies (issue 7) on a real store over real HTTP: the registry, the one-key call
/// dispatched like any incident, risk alerts for exactly the people inside an area, shelters by road time, relocations
/// that never overfill a shelter, whereabouts as of any instant, and personal data kept to those who need it.
/// </summary>
public class ElderlyCareTests
{
    // Places of the modeled data (on its roads).
    private static readonly (double Lat, double Lon) Jiahu = (33.4456646, 113.6189944);
    private static readonly (double Lat, double Lon) ShanghaiZhangjiagang = (33.4487484, 113.6189082); // ~343 m north of Jiahu
    private static readonly (double Lat, double Lon) Zhongshan = (33.4434824, 113.6113728);
    private static readonly (double Lat, double Lon) ForestPark = (33.4402543, 113.5845467);
    private static readonly (double Lat, double Lon) CitizenCentre = (33.4339423, 113.5845467);

    private const string Name = "司马秀英";
    private const string Phone = "139 0395 7712";
    private const string Address = "舞阳县舞泉镇贾湖路18号院3单元";
    private const string ContactName = "司马建军";
    private const string ContactPhone = "13703957788";

    private static object Person((double Lat, double Lon) at, string name = Name, string phone = Phone, string? deviceId = null, Guid? id = null,
        string household = "410721-0001") => new
    {
        id, name, phone, address = Address, location = new { lat = at.Lat, lon = at.Lon, datum = "WGS-84" }, householdCode = household,
        needs = new[] { "mobility", "oxygen" }, notes = "独居，需每日吸氧；耳背，敲门要大声",
        contacts = new[] { new { name = ContactName, relation = "儿子", phone = ContactPhone } }, deviceId,
    };

    private static async Task<Guid> Register(ApiHost api, object person)
    {
        var response = await api.Client.PostAsJsonAsync("/vulnerable-people", person);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return Guid.Parse((string)(await api.Json(response))["id"]!);
    }

    private static async Task<long> EventCount(ApiHost api)
    {
        await using var session = api.Store.QuerySession();
        return await session.Events.QueryAllRawEvents().CountAsync();
    }

    /// <summary>The Wuyang data with shelters of the given capacities (in file order), so a test fills them with a few people.</summary>
    private static string WithShelterCapacities(params int[] capacities)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "data", "wuyang");
        var target = Directory.CreateTempSubdirectory("wuyang-shelters-").FullName;
        foreach (var file in Directory.GetFiles(source)) File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        var shelters = JsonNode.Parse(File.ReadAllText(Path.Combine(source, ShelterCatalog.FileName)))!;
        var list = shelters["shelters"]!.AsArray();
        for (var i = 0; i < list.Count; i++) list[i]!["capacity"] = capacities[Math.Min(i, capacities.Length - 1)];
        File.WriteAllText(Path.Combine(target, ShelterCatalog.FileName), shelters.ToJsonString());
        return target;
    }

    private static async Task OpenAll(ApiHost api)
    {
        foreach (var shelter in (await api.GetJson("/shelters")).AsArray())
            Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsJsonAsync($"/shelters/{shelter!["id"]}/open", new { reason = "暴雨转移" })).StatusCode);
    }

    [Fact]
    public async Task A_one_key_call_dispatches_a_priority_1_elderly_incident_at_the_registered_or_reported_location_once_per_request_id()
    {
        await using var api = await ApiHost.StartAsync();
        var person = await Register(api, Person(Jiahu, deviceId: "YJHJ-0001"));
        var (gatewayKey, _) = await api.IssueApiKey("一键呼叫网关", [Roles.DeviceGateway]);
        var gateway = api.ClientWithApiKey(gatewayKey);

        var first = await gateway.PostAsJsonAsync("/one-key-calls", new { deviceId = "YJHJ-0001", requestId = "press-1" });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var incident = await api.Json(first);
        Assert.Equal(1, (int)incident["priority"]!);
        Assert.Equal(OneKeyCallEndpoint.IncidentType, (string)incident["type"]!);
        Assert.Equal(person.ToString(), (string)incident["elderly"]!["personId"]!);
        Assert.Equal("registered", (string)incident["elderly"]!["locationSource"]!);
        Assert.Equal(Jiahu.Lat, (double)incident["location"]!["lat"]!);
        Assert.Equal(Jiahu.Lon, (double)incident["location"]!["lon"]!);
        Assert.Equal("dispatched", (string)incident["status"]!);
        Assert.NotNull((string?)incident["decisions"]![0]!["chosenUnitId"]);
        Assert.Null((string?)incident["address"]); // the home address stays in the registry

        // The device retries the same press: the same incident, nothing appended.
        var before = await EventCount(api);
        var retry = await gateway.PostAsJsonAsync("/one-key-calls", new { deviceId = "YJHJ-0001", requestId = "press-1" });
        Assert.True(retry.IsSuccessStatusCode);
        Assert.Equal((string)incident["id"]!, (string)(await api.Json(retry))["id"]!);
        Assert.Equal(before, await EventCount(api));

        // A press from the app with its own position: the incident is where the person is now.
        var reported = await api.Json(await gateway.PostAsJsonAsync("/one-key-calls", new
        {
            personId = person, requestId = "app-7", location = new { lat = Zhongshan.Lat, lon = Zhongshan.Lon, datum = "WGS-84" },
        }));
        Assert.Equal(Zhongshan.Lat, (double)reported["location"]!["lat"]!);
        Assert.Equal("reported", (string)reported["elderly"]!["locationSource"]!);
        Assert.Equal("dispatched", (string)reported["status"]!);

        await using var session = api.Store.QuerySession();
        var calls = (await session.Query<IncidentState>().ToListAsync()).Where(i => i.Elderly?.PersonId == person).ToList();
        Assert.Equal(2, calls.Count);
        Assert.All(calls, c => Assert.Equal(1, c.Priority));
    }

    [Fact]
    public async Task The_feed_items_of_a_one_key_call_carry_no_personal_data_of_the_person()
    {
        await using var api = await ApiHost.StartAsync();
        var person = await Register(api, Person(Jiahu, deviceId: "YJHJ-0002"));
        var incident = await api.Json(await api.Client.PostAsJsonAsync("/one-key-calls", new { deviceId = "YJHJ-0002" }));
        var id = (string)incident["id"]!;
        var expected = (await ContractEventsInStore(api.Store)).Where(e => e.Sequence > 0).ToList();
        var (items, _, _) = await PullUntil(api.ClientWithToken(IntegratorToken(AllContracts)), expected[^1].Sequence);
        var text = string.Join("\n", items.Select(i => i.ToJsonString(new System.Text.Json.JsonSerializerOptions
            { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })));
        Assert.Contains(id, text); // the incident is in the feed
        Assert.Contains("incident.reported", text);
        foreach (var secret in new[] { Name, Phone, "0395 7712", Address, ContactName, ContactPhone, "吸氧" })
            Assert.DoesNotContain(secret, text);
        Assert.DoesNotContain(person.ToString(), text);
    }

    [Fact]
    public async Task An_alert_lists_exactly_the_registered_people_inside_its_polygon_or_circle_and_records_each_delivery()
    {
        await using var api = await ApiHost.StartAsync();
        var inside = await Register(api, Person(Jiahu, name: "贾湖老人"));
        var outside = await Register(api, Person(ShanghaiZhangjiagang, name: "北边老人"));
        var gone = await Register(api, Person(Jiahu, name: "已注销老人"));
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsJsonAsync($"/vulnerable-people/{gone}/deregister", new { reason = "迁出本县" })).StatusCode);

        // A box around 贾湖广场 whose north edge is about 80 m south of the person just outside.
        var polygon = new[] { (33.443, 113.615), (33.443, 113.622), (33.448, 113.622), (33.448, 113.615) }
            .Select(p => new { lat = p.Item1, lon = p.Item2, datum = "WGS-84" }).ToArray();
        var byPolygon = await api.Json(await api.Client.PostAsJsonAsync("/risk-alerts", new
            { hazard = "flood", message = "暴雨红色预警：请立即做好转移准备", area = new { polygon } }));
        Assert.Equal([inside.ToString()], byPolygon["recipients"]!.AsArray().Select(r => (string)r!["personId"]!));
        Assert.Equal("暴雨红色预警：请立即做好转移准备", (string)byPolygon["message"]!);
        Assert.Equal(2, (int)byPolygon["peopleConsidered"]!);

        var metres = new Dispatch.Domain.Geo.GeoPoint(Jiahu.Lat, Jiahu.Lon).MetresTo(new(ShanghaiZhangjiagang.Lat, ShanghaiZhangjiagang.Lon));
        var byCircle = await api.Json(await api.Client.PostAsJsonAsync("/risk-alerts", new
        {
            hazard = "gas-leak", message = "燃气泄漏，请勿使用明火",
            area = new { centre = new { lat = Jiahu.Lat, lon = Jiahu.Lon, datum = "WGS-84" }, radiusMetres = metres - 5 },
        }));
        Assert.Equal([inside.ToString()], byCircle["recipients"]!.AsArray().Select(r => (string)r!["personId"]!));
        var wider = await api.Json(await api.Client.PostAsJsonAsync("/risk-alerts", new
        {
            hazard = "gas-leak", message = "扩大范围",
            area = new { centre = new { lat = Jiahu.Lat, lon = Jiahu.Lon, datum = "WGS-84" }, radiusMetres = metres + 5 },
        }));
        Assert.Equal(new[] { inside, outside }.Order().Select(g => g.ToString()), wider["recipients"]!.AsArray().Select(r => (string)r!["personId"]!));

        var alert = (string)byPolygon["id"]!;
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsJsonAsync($"/risk-alerts/{alert}/deliveries",
            new { personId = inside, status = "failed", channel = "phone", note = "无人接听" })).StatusCode);
        api.Clock.Advance(Duration.FromMinutes(10));
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsJsonAsync($"/risk-alerts/{alert}/deliveries",
            new { personId = inside, status = "acknowledged", channel = "visit" })).StatusCode);
        var notRecipient = await api.Client.PostAsJsonAsync($"/risk-alerts/{alert}/deliveries", new { personId = outside, status = "delivered", channel = "sms" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notRecipient.StatusCode);
        var shown = await api.GetJson($"/risk-alerts/{alert}");
        var recipient = shown["recipients"]![0]!;
        Assert.Equal("acknowledged", (string)recipient["status"]!);
        Assert.Equal("visit", (string)recipient["channel"]!);
        Assert.Equal(TestIdentity.Tester, (string)recipient["by"]!);
        Assert.Equal(2, (int)recipient["attempts"]!);
        Assert.Equal(1, (int)shown["counts"]!["acknowledged"]!);
    }

    [Fact]
    public async Task The_nearest_shelter_skips_a_full_and_a_closed_one_for_the_next_nearest_by_road_time()
    {
        await using var api = await ApiHost.StartAsync(WithShelterCapacities(1));
        var shelters = (await api.GetJson("/shelters")).AsArray();
        Assert.Equal(5, shelters.Count);
        Assert.All(shelters, s => Assert.False((bool)s!["open"]!)); // commissioned closed
        await OpenAll(api);

        var nearest = $"/shelters/nearest?lat={ForestPark.Lat}&lon={ForestPark.Lon}";
        var before = await api.GetJson(nearest);
        var first = (string)before["chosenShelterId"]!;
        var second = (string)before["candidates"]!.AsArray().First(c => (string)c!["outcome"]! == "farther")!["shelterId"]!;
        Assert.Equal(first, (string)before["candidates"]![0]!["shelterId"]!);

        var person = await Register(api, Person(ForestPark));
        var moved = await api.Json(await api.Client.PostAsJsonAsync("/relocations", new { personId = person, reason = "暴雨转移" }));
        Assert.Equal(first, (string)moved["to"]!["shelterId"]!);

        var after = await api.GetJson(nearest);
        Assert.Equal(second, (string)after["chosenShelterId"]!);
        Assert.Equal("full", (string)after["candidates"]!.AsArray().Single(c => (string)c!["shelterId"]! == first)!["outcome"]!);

        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsJsonAsync($"/shelters/{second}/close", new { reason = "停电" })).StatusCode);
        var third = await api.GetJson(nearest);
        Assert.NotEqual(second, (string)third["chosenShelterId"]!);
        Assert.Equal("closed", (string)third["candidates"]!.AsArray().Single(c => (string)c!["shelterId"]! == second)!["outcome"]!);

        // A relocation without a shelter takes the same choice and records the search on the person's event.
        var next = await Register(api, Person(ForestPark, name: "第二位老人"));
        var placed = await api.Json(await api.Client.PostAsJsonAsync("/relocations", new { personId = next }));
        Assert.Equal((string)third["chosenShelterId"]!, (string)placed["to"]!["shelterId"]!);
        await using var session = api.Store.QuerySession();
        var relocated = (await session.Events.FetchStreamAsync(next)).Select(e => e.Data).OfType<PersonRelocated>().Single();
        Assert.Equal(Guid.Parse((string)third["chosenShelterId"]!), relocated.Choice!.ChosenShelterId);
        Assert.Contains(relocated.Choice.Candidates, c => c.Outcome == "full" && c.ShelterId == Guid.Parse(first));
    }

    [Fact]
    public async Task Concurrent_relocations_never_put_more_people_in_a_shelter_than_it_holds()
    {
        await using var api = await ApiHost.StartAsync(WithShelterCapacities(2));
        await OpenAll(api);
        var shelter = (string)(await api.GetJson("/shelters")).AsArray()[0]!["id"]!;
        var people = new List<Guid>();
        for (var i = 0; i < 8; i++) people.Add(await Register(api, Person(ForestPark, name: $"老人{i}")));

        var answers = await Task.WhenAll(people.Select(p => api.Client.PostAsJsonAsync("/relocations", new { personId = p, shelterId = shelter })));
        Assert.Equal(2, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.Equal(6, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        var view = await api.GetJson($"/shelters/{shelter}");
        Assert.Equal(2, view["occupants"]!.AsArray().Count);
        Assert.Equal(0, (int)view["free"]!);

        // Without a named shelter the same crowd spreads over the others and still overfills none.
        var rest = people.Where(p => !view["occupants"]!.AsArray().Any(o => (string)o!["personId"]! == p.ToString())).ToList();
        var spread = await Task.WhenAll(rest.Select(p => api.Client.PostAsJsonAsync("/relocations", new { personId = p })));
        Assert.All(spread, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        foreach (var s in (await api.GetJson("/shelters")).AsArray())
            Assert.True((int)s!["occupied"]! <= (int)s["capacity"]!, $"{s["name"]}: {s["occupied"]} of {s["capacity"]}");
        await using var session = api.Store.QuerySession();
        var admitted = (await session.Events.QueryAllRawEvents().ToListAsync()).Select(e => e.Data).OfType<ShelterOccupantAdmitted>().ToList();
        Assert.Equal(8, admitted.Count);
        Assert.All(admitted.GroupBy(a => a.ShelterId), g => Assert.True(g.Count() <= 2));
    }

    [Fact]
    public async Task Whereabouts_answer_where_a_person_was_at_a_past_instant()
    {
        await using var api = await ApiHost.StartAsync();
        await OpenAll(api);
        var registeredAt = api.Clock.GetCurrentInstant();
        var person = await Register(api, Person(CitizenCentre));
        api.Clock.Advance(Duration.FromHours(1));
        var moved = await api.Json(await api.Client.PostAsJsonAsync("/relocations", new { personId = person }));
        var shelter = (string)moved["to"]!["shelterId"]!;
        api.Clock.Advance(Duration.FromHours(1));
        var other = (await api.GetJson("/shelters")).AsArray().Select(s => (string)s!["id"]!).First(id => id != shelter);
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsJsonAsync("/relocations", new { personId = person, shelterId = other })).StatusCode);
        api.Clock.Advance(Duration.FromHours(1));
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsJsonAsync("/relocations", new { personId = person, destination = "home" })).StatusCode);

        async Task<JsonNode> At(Duration after) =>
            await api.GetJson($"/vulnerable-people/{person}/whereabouts?at={Uri.EscapeDataString((registeredAt + after).ToString())}");
        Assert.Equal("home", (string)(await At(Duration.FromMinutes(30)))["whereabouts"]!["place"]!);
        Assert.Equal(shelter, (string)(await At(Duration.FromMinutes(90)))["whereabouts"]!["shelterId"]!);
        Assert.Equal(other, (string)(await At(Duration.FromMinutes(150)))["whereabouts"]!["shelterId"]!);
        Assert.Equal("home", (string)(await At(Duration.FromMinutes(210)))["whereabouts"]!["place"]!);
        Assert.Equal("home", (string)(await api.GetJson($"/vulnerable-people/{person}/whereabouts"))["whereabouts"]!["place"]!);
        var before = await api.Client.GetAsync($"/vulnerable-people/{person}/whereabouts?at={Uri.EscapeDataString((registeredAt - Duration.FromHours(1)).ToString())}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, before.StatusCode);
        // The shelters agree: nobody is left in either.
        Assert.Empty((await api.GetJson($"/shelters/{shelter}"))["occupants"]!.AsArray());
        Assert.Empty((await api.GetJson($"/shelters/{other}"))["occupants"]!.AsArray());
    }

    [Fact]
    public async Task Personal_data_is_whole_for_dispatchers_and_auditors_masked_for_inspectors_and_administrators_and_Chinese_round_trips()
    {
        await using var api = await ApiHost.StartAsync();
        var person = await Register(api, Person(Jiahu));
        foreach (var role in new[] { Roles.Dispatcher, Roles.Auditor })
        {
            var whole = await api.Json(await api.ClientAs(role).GetAsync($"/vulnerable-people/{person}"));
            Assert.Equal(Name, (string)whole["name"]!);
            Assert.Equal(Phone, (string)whole["phone"]!);
            Assert.Equal(Address, (string)whole["address"]!);
            Assert.Equal("独居，需每日吸氧；耳背，敲门要大声", (string)whole["notes"]!);
            Assert.Equal(ContactName, (string)whole["contacts"]![0]!["name"]!);
            Assert.Equal(ContactPhone, (string)whole["contacts"]![0]!["phone"]!);
        }
        foreach (var role in new[] { Roles.Inspector, Roles.Administrator })
        {
            var text = await (await api.ClientAs(role).GetAsync($"/vulnerable-people/{person}")).Content.ReadAsStringAsync();
            var list = await (await api.ClientAs(role).GetAsync("/vulnerable-people")).Content.ReadAsStringAsync();
            var audit = await (await api.ClientAs(role).GetAsync($"/audit/streams/{person}/events")).Content.ReadAsStringAsync();
            var state = await (await api.ClientAs(role).GetAsync($"/audit/streams/{person}/state")).Content.ReadAsStringAsync();
            foreach (var answer in new[] { text, list, audit, state })
            {
                var json = JsonNode.Parse(answer)!.ToJsonString(new System.Text.Json.JsonSerializerOptions
                    { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
                foreach (var secret in new[] { Name, Phone, Address, ContactName, ContactPhone, "吸氧" })
                    Assert.DoesNotContain(secret, json);
            }
            var masked = JsonNode.Parse(text)!;
            Assert.Equal("司***", (string)masked["name"]!);
            Assert.Equal("*** **** 7712", (string)masked["phone"]!);
            Assert.StartsWith("舞阳", (string)masked["address"]!);
        }

        // The unit sent to the person's one-key call reads them whole; another unit reads nothing, as about a made-up id.
        var call = await api.Json(await api.Client.PostAsJsonAsync("/one-key-calls", new { personId = person }));
        var sent = Guid.Parse((string)call["decisions"]![0]!["chosenUnitId"]!);
        var other = api.Services.GetRequiredService<Dispatch.Domain.Reference.ReferenceData>().Units.First(u => u.Id != sent).Id;
        var seen = await api.Json(await api.ClientAs(Roles.FieldUnit, sent).GetAsync($"/vulnerable-people/{person}"));
        Assert.Equal(Name, (string)seen["name"]!);
        Assert.Equal(ContactPhone, (string)seen["contacts"]![0]!["phone"]!);
        var refused = await api.ClientAs(Roles.FieldUnit, other).GetAsync($"/vulnerable-people/{person}");
        var madeUp = await api.ClientAs(Roles.FieldUnit, other).GetAsync($"/vulnerable-people/{Guid.CreateVersion7()}");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, madeUp.StatusCode);
        Assert.DoesNotContain(Name, await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Bad_input_answers_a_problem_and_writes_nothing()
    {
        await using var api = await ApiHost.StartAsync();
        var person = await Register(api, Person(Jiahu, deviceId: "YJHJ-0009", id: Guid.CreateVersion7()));
        var gone = await Register(api, Person(Jiahu, name: "注销者", deviceId: "YJHJ-0010"));
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsJsonAsync($"/vulnerable-people/{gone}/deregister", new { reason = "去世" })).StatusCode);
        var shelter = (string)(await api.GetJson("/shelters")).AsArray()[0]!["id"]!; // closed
        var before = await EventCount(api);

        (string Method, string Url, object? Body, HttpStatusCode Status)[] cases =
        [
            ("POST", "/vulnerable-people", new { name = "张三" }, HttpStatusCode.BadRequest),
            ("POST", "/vulnerable-people", new { name = "张三", phone = "不是电话", address = "x", householdCode = "h", location = new { lat = 33.44, lon = 113.6, datum = "WGS-84" }, needs = new[] { "flying" } }, HttpStatusCode.BadRequest),
            ("POST", "/vulnerable-people", Person((39.9, 116.4)), HttpStatusCode.UnprocessableEntity), // Beijing: off the county's roads
            ("POST", "/vulnerable-people", Person(Jiahu, name: "别人", id: person), HttpStatusCode.Conflict),
            ("POST", "/vulnerable-people", Person(Jiahu, name: "别人", deviceId: "YJHJ-0009"), HttpStatusCode.Conflict),
            ("PUT", $"/vulnerable-people/{Guid.CreateVersion7()}", Person(Jiahu), HttpStatusCode.NotFound),
            ("PUT", $"/vulnerable-people/{gone}", Person(Jiahu), HttpStatusCode.Conflict),
            ("POST", $"/vulnerable-people/{person}/deregister", new { }, HttpStatusCode.BadRequest),
            ("POST", "/one-key-calls", new { }, HttpStatusCode.BadRequest),
            ("POST", "/one-key-calls", new { deviceId = "YJHJ-0009", personId = person }, HttpStatusCode.BadRequest),
            ("POST", "/one-key-calls", new { deviceId = "NO-SUCH-DEVICE" }, HttpStatusCode.NotFound),
            ("POST", "/one-key-calls", new { deviceId = "YJHJ-0010" }, HttpStatusCode.NotFound), // deregistered: the device no longer calls
            ("POST", "/one-key-calls", new { personId = gone }, HttpStatusCode.UnprocessableEntity),
            ("POST", "/one-key-calls", new { personId = person, location = new { lat = 0.0, lon = 0.0, datum = "WGS-84" } }, HttpStatusCode.UnprocessableEntity),
            ("POST", "/risk-alerts", new { hazard = "flood", message = "m" }, HttpStatusCode.BadRequest),
            ("POST", "/risk-alerts", new { hazard = "flood", message = "m", area = new { centre = new { lat = 33.44, lon = 113.6, datum = "WGS-84" } } }, HttpStatusCode.BadRequest),
            ("POST", "/risk-alerts", new { hazard = "Flood!", message = "m", area = new { polygon = new[] { new { lat = 33.44, lon = 113.6, datum = "WGS-84" } } } }, HttpStatusCode.BadRequest),
            ("POST", $"/risk-alerts/{Guid.CreateVersion7()}/deliveries", new { personId = person, status = "delivered", channel = "sms" }, HttpStatusCode.NotFound),
            ("POST", $"/risk-alerts/{Guid.CreateVersion7()}/deliveries", new { personId = person, status = "read", channel = "pigeon" }, HttpStatusCode.BadRequest),
            ("POST", "/relocations", new { }, HttpStatusCode.BadRequest),
            ("POST", "/relocations", new { personId = Guid.CreateVersion7() }, HttpStatusCode.NotFound),
            ("POST", "/relocations", new { personId = person, shelterId = Guid.CreateVersion7() }, HttpStatusCode.NotFound),
            ("POST", "/relocations", new { personId = person, shelterId = shelter }, HttpStatusCode.Conflict), // closed
            ("POST", "/relocations", new { personId = person }, HttpStatusCode.Conflict), // none open
            ("POST", "/relocations", new { personId = gone, destination = "home" }, HttpStatusCode.UnprocessableEntity),
            ("POST", $"/shelters/{Guid.CreateVersion7()}/open", new { }, HttpStatusCode.NotFound),
            ("GET", "/shelters/nearest?lat=33.44", null, HttpStatusCode.BadRequest),
            ("GET", "/shelters/nearest?lat=0&lon=0", null, HttpStatusCode.UnprocessableEntity),
            ("GET", $"/vulnerable-people/{Guid.CreateVersion7()}", null, HttpStatusCode.NotFound),
            ("GET", $"/vulnerable-people/{person}/whereabouts?at=yesterday", null, HttpStatusCode.BadRequest),
            ("GET", "/vulnerable-people?status=maybe", null, HttpStatusCode.BadRequest),
            ("GET", $"/risk-alerts/{Guid.CreateVersion7()}", null, HttpStatusCode.NotFound),
            ("GET", $"/shelters/{Guid.CreateVersion7()}", null, HttpStatusCode.NotFound),
        ];
        var failures = new List<string>();
        foreach (var (method, url, body, status) in cases)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            if (body is not null) request.Content = JsonContent.Create(body);
            var response = await api.Client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != status || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                failures.Add($"{method} {url}: {(int)response.StatusCode} {text}, want {(int)status}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, await EventCount(api));
    }

    [Fact]
    public async Task Names_and_phones_of_the_registry_never_reach_the_log()
    {
        var connection = await TestDatabase.ConnectionStringAsync();
        using var api = await ApiProcess.StartAsync(connection, "t_" + Guid.NewGuid().ToString("N")[..12], new Dictionary<string, string>
        {
            ["Dispatch__Durability"] = "Solo",
            ["Dispatch__ProjectionDaemon"] = "Solo",
            ["Serilog__MinimumLevel__Default"] = "Debug",
        }, name: "elderly");
        var registered = await api.Client.PostAsJsonAsync("/vulnerable-people", Person(Jiahu, deviceId: "YJHJ-LOG"));
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var person = (string)JsonNode.Parse(await registered.Content.ReadAsStringAsync())!["id"]!;
        Assert.True((await api.Client.PostAsJsonAsync("/one-key-calls", new { deviceId = "YJHJ-LOG", requestId = "r1" })).IsSuccessStatusCode);
        Assert.True((await api.Client.PostAsJsonAsync("/risk-alerts", new
        {
            hazard = "flood", message = "暴雨预警", area = new { centre = new { lat = Jiahu.Lat, lon = Jiahu.Lon, datum = "WGS-84" }, radiusMetres = 200 },
        })).IsSuccessStatusCode);
        foreach (var s in JsonNode.Parse(await api.Client.GetStringAsync("/shelters"))!.AsArray())
            await api.Client.PostAsJsonAsync($"/shelters/{s!["id"]}/open", new { });
        Assert.True((await api.Client.PostAsJsonAsync("/relocations", new { personId = person })).IsSuccessStatusCode);
        await api.Client.GetStringAsync($"/vulnerable-people/{person}");
        // Bad input echoes nothing of the body into the log either.
        await api.Client.PostAsJsonAsync("/vulnerable-people", new { name = Name, phone = "电话" + Phone });

        var log = string.Join("\n", api.Logs);
        Assert.Contains("Dispatch of", log); // the one-key call was dispatched and logged, by id
        foreach (var secret in new[] { Name, Phone, Address, ContactName, ContactPhone })
            Assert.DoesNotContain(secret, log);
    }
}
