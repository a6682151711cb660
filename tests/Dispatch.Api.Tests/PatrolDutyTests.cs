using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dispatch.Api.Patrol;
using Dispatch.Domain.Duty;
using Dispatch.Domain.Patrol;
using Dispatch.Domain.Reference;
using Dispatch.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Wolverine;

namespace Dispatch.Api.Tests;

/// <summary>
/// The grid plan kept day and night, against the real API on the Wuyang data with a clock the test moves:
/// duty levels, check-ins (offline batches included), missed-visit alerts and the compliance views.
/// </summary>
public class PatrolDutyTests
{
    // The hosts start at ApiHost.OffPeak: Wednesday 2026-12-02 14:00 in Wuyang, when the county is put at the normal level.
    private static Instant Local(int day, int hour, int minute = 0) =>
        new LocalDateTime(2026, 12, day, hour, minute).InZoneStrictly(Domain.Time.PeakHours.China).ToInstant();

    private static string Iso(Instant at) => at.ToString();

    private static readonly Guid Grid7Car = Guid.Parse("01a22ee6-b000-7000-8000-000000000007");
    private static readonly Guid Grid1Car = Guid.Parse("01a22ee6-b000-7000-8000-000000000001");
    private static readonly Guid SpecialArmed3 = Guid.Parse("01a22ee6-b000-7000-8000-000000000011");

    private static object CheckIn(string clientId, Guid unit, string point, Instant deviceTime, object? position = null) =>
        new { clientId, unitId = unit, pointId = point, deviceTime = Iso(deviceTime), position };

    private static async Task<JsonNode> PostOk(ApiHost api, string url, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await api.Client.PostAsJsonAsync(url, body);
        Assert.True(response.StatusCode == expected, $"POST {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await api.Json(response);
    }

    private static Task Sweep(ApiHost api) =>
        api.Services.GetRequiredService<IMessageBus>().InvokeAsync(new SweepPatrolIntervals(null));

    private static async Task<int> PointEventCount(ApiHost api, string pointId)
    {
        await using var session = api.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(PatrolPointState.StreamIdFor(pointId))).Count;
    }

    [Fact]
    public async Task A_scripted_day_gives_the_hand_computed_compliance_and_a_rebuild_gives_the_same()
    {
        await using var api = await ApiHost.StartAsync();
        var reference = api.Services.GetRequiredService<ReferenceData>();
        Assert.Equal(19, reference.MustPatrolPoints.Count);

        api.Clock.Reset(Local(2, 14, 20));
        await PostOk(api, "/check-ins", new { items = new[] { CheckIn("p7-1", Grid7Car, "jiahu-square", Local(2, 14, 20)) } });
        // 15:00: level 2. The normal interval [14:00, 18:00) is cut after one hour, less than level 2's two: not owed.
        api.Clock.Reset(Local(2, 15));
        var level = await PostOk(api, "/duty-level", new { level = "level-2", issuer = "巡特警大队", reason = "市局通知：夜间安保" }, HttpStatusCode.Created);
        Assert.Equal("level-2", (string)level["level"]!);
        Assert.Equal("市局通知：夜间安保", (string)level["reason"]!);

        api.Clock.Reset(Local(2, 16, 10));
        await PostOk(api, "/check-ins", new { items = new[] { CheckIn("p7-2", Grid7Car, "jiahu-square", Local(2, 16, 10)) } });
        api.Clock.Reset(Local(2, 16, 30));
        await PostOk(api, "/check-ins", new { items = new[] { CheckIn("p1-1", Grid1Car, "telecom-tower", Local(2, 16, 30)) } });
        api.Clock.Reset(Local(2, 17, 30));
        await PostOk(api, "/check-ins", new { items = new[] { CheckIn("p7-3", Grid7Car, "jiahu-square", Local(2, 17, 30)) } });

        // Two units leave the street: 3 special police, 2 HQ staff.
        await PostOk(api, $"/units/{SpecialArmed3}/duty", new { status = "off-duty", reason = "轮休" });
        await PostOk(api, $"/units/{Grid1Car}/duty", new { status = "out-of-service", reason = "车辆故障" });

        // 19:15: [15:00, 17:00) and [17:00, 19:00) are past their 10-minute grace.
        api.Clock.Reset(Local(2, 19, 15));
        await Sweep(api);

        var patrol = await api.GetJson("/compliance/patrol?date=2026-12-02");
        // 19 points x 2 owed intervals; visited: jiahu-square twice, telecom-tower once.
        Assert.Equal((38, 3, 35), ((int)patrol["owed"]!, (int)patrol["visited"]!, (int)patrol["missed"]!));
        var grid1 = patrol["grids"]!.AsArray().Single(g => (int)g!["grid"]! == 1)!;
        Assert.Equal((4, 1, 3, 0.25), ((int)grid1["owed"]!, (int)grid1["visited"]!, (int)grid1["missed"]!, (double)grid1["visitedShare"]!));
        // No unit drove a must-patrol line: 16 lines x 2 owed intervals, all missed.
        Assert.Equal((32, 0, 32), ((int)patrol["lines"]!["owed"]!, (int)patrol["lines"]!["visited"]!, (int)patrol["lines"]!["missed"]!));
        var jiahu = patrol["points"]!.AsArray().Single(p => (string)p!["pointId"]! == "jiahu-square")!;
        // The cut normal interval was visited at 14:20 but owed nothing; then one visit per level-2 interval; 19:00 runs on.
        Assert.Equal(["visited", "visited", "visited", "open"], jiahu["intervals"]!.AsArray().Select(i => (string)i!["outcome"]!));
        Assert.Equal([false, true, true, true], jiahu["intervals"]!.AsArray().Select(i => (bool)i!["owed"]!));
        var telecom = patrol["points"]!.AsArray().Single(p => (string)p!["pointId"]! == "telecom-tower")!;
        Assert.Equal(["not-owed", "visited", "missed", "open"], telecom["intervals"]!.AsArray().Select(i => (string)i!["outcome"]!));

        var staffing = await api.GetJson("/compliance/staffing");
        Assert.Equal("level-2", (string)staffing["level"]!);
        var forces = staffing["forces"]!.AsArray().ToDictionary(f => (string)f!["force"]!, f => f!);
        // Special police: 10 of 40 on the street, 50% needs 20: short 10. HQ staff: 24 of 104, 20% needs 21: met.
        Assert.Equal((10, 20, 10), ((int)forces["special-patrol"]["onStreet"]!, (int)forces["special-patrol"]["requiredOnStreet"]!,
            (int)forces["special-patrol"]["shortfall"]!));
        Assert.Equal((24, 21, 0), ((int)forces["hq-staff"]["onStreet"]!, (int)forces["hq-staff"]["requiredOnStreet"]!,
            (int)forces["hq-staff"]["shortfall"]!));
        Assert.False((bool)staffing["meets"]!);

        // The views rebuilt from the events alone equal the live ones.
        var patrolBefore = patrol.ToJsonString();
        var staffingBefore = staffing.ToJsonString();
        using (var daemon = await api.Store.BuildProjectionDaemonAsync())
        {
            await daemon.RebuildProjectionAsync<PatrolPointStateProjection>(CancellationToken.None);
            await daemon.RebuildProjectionAsync<PatrolDayProjection>(CancellationToken.None);
            await daemon.RebuildProjectionAsync<CountyDutyStateProjection>(CancellationToken.None);
            await daemon.RebuildProjectionAsync<UnitStateProjection>(CancellationToken.None);
        }
        Assert.Equal(patrolBefore, (await api.GetJson("/compliance/patrol?date=2026-12-02")).ToJsonString());
        Assert.Equal(staffingBefore, (await api.GetJson("/compliance/staffing")).ToJsonString());
    }

    [Fact]
    public async Task A_late_offline_batch_in_reverse_order_retracts_the_alert_and_a_plain_retry_stores_nothing()
    {
        await using var api = await ApiHost.StartAsync();
        await PostOk(api, "/duty-level", new { level = "level-1", issuer = "巡特警大队", reason = "一级勤务" }, HttpStatusCode.Created);
        api.Clock.Reset(Local(2, 15, 10));
        await Sweep(api);
        var before = await api.GetJson("/patrol-points/jiahu-square");
        Assert.Null(before["alerts"]![0]!["retractedAt"]);

        // The device was offline; its queue uploads newest first.
        api.Clock.Reset(Local(2, 16, 5));
        var batch = new
        {
            items = new object?[]
            {
                CheckIn("pad-7/3", Grid7Car, "jiahu-square", Local(2, 14, 50)),
                CheckIn("pad-7/2", Grid7Car, "jiahu-square", Local(2, 14, 30)),
                CheckIn("pad-7/1", Grid7Car, "jiahu-square", Local(2, 14, 10), new { lat = 33.4456646, lon = 113.6189944, datum = "WGS-84" }),
                CheckIn("pad-1/1", Grid1Car, "telecom-tower", Local(2, 14, 45)),
                CheckIn("pad-7/4", Grid7Car, "no-such-point", Local(2, 14, 55)),
                CheckIn("pad-7/5", Grid7Car, "jiahu-square", Local(2, 14, 56), new { lat = 33.4556646, lon = 113.6189944, datum = "WGS-84" }),
                null,
            },
        };
        var first = await PostOk(api, "/check-ins", batch);
        Assert.Equal((4, 0, 3), ((int)first["stored"]!, (int)first["duplicates"]!, (int)first["rejected"]!));
        var items = first["items"]!.AsArray();
        Assert.Equal(["stored", "stored", "stored", "stored", "rejected", "rejected", "rejected"], items.Select(i => (string)i!["outcome"]!));
        Assert.Equal([true, false, false, true], items.Take(4).Select(i => (bool)i!["retractedAlert"]!));
        Assert.Equal(["unknown-point", "too-far-from-point", "empty"], items.Skip(4).Select(i => (string)i!["reason"]!));

        var after = await api.GetJson("/patrol-points/jiahu-square");
        // Device time orders the visits, never arrival.
        Assert.Equal(["pad-7/1", "pad-7/2", "pad-7/3"], after["visits"]!.AsArray().Select(v => (string)v!["clientId"]!));
        Assert.NotNull(after["alerts"]![0]!["retractedAt"]);
        Assert.Equal("pad-7/3", (string)after["alerts"]![0]!["retractedBy"]!);

        var events = await PointEventCount(api, "jiahu-square");
        var retry = await PostOk(api, "/check-ins", batch);
        Assert.Equal((0, 4, 3), ((int)retry["stored"]!, (int)retry["duplicates"]!, (int)retry["rejected"]!));
        Assert.Equal(events, await PointEventCount(api, "jiahu-square"));

        var reused = await PostOk(api, "/check-ins", new { items = new[] { CheckIn("pad-7/1", Grid7Car, "jiahu-square", Local(2, 15, 59)) } });
        Assert.Equal("client-id-reused", (string)reused["items"]![0]!["reason"]!);

        var patrol = await api.GetJson("/compliance/patrol?date=2026-12-02");
        var jiahu = patrol["points"]!.AsArray().Single(p => (string)p!["pointId"]! == "jiahu-square")!;
        Assert.Equal(("visited", true), ((string)jiahu["intervals"]![0]!["outcome"]!, (bool)jiahu["intervals"]![0]!["alertRetracted"]!));
    }

    [Fact]
    public async Task The_missed_visit_alert_is_raised_by_the_scheduled_message_when_its_time_comes()
    {
        await using var api = await ApiHost.StartAsync();
        // Normal level from 14:00: the first interval ends at 18:00 and falls due at 18:10.
        var due = Local(2, 18, 10);
        api.Clock.Reset(due - Duration.FromSeconds(2));
        await Sweep(api);
        await using (var session = api.Store.QuerySession())
            Assert.Equal(due, (await session.LoadAsync<PatrolSweepState>(PatrolSweepState.CountyId))!.ScheduledFor);
        Assert.Empty((await api.GetJson("/patrol-points/jiahu-square"))["alerts"]!.AsArray());

        // Nothing else runs a sweep from here: the durable scheduled message fires two real seconds later.
        api.Clock.Advance(Duration.FromSeconds(5));
        JsonArray alerts = [];
        for (var wait = 0; wait < 100 && alerts.Count == 0; wait++)
        {
            await Task.Delay(200);
            alerts = (await api.GetJson("/patrol-points/jiahu-square"))["alerts"]!.AsArray();
        }
        var alert = Assert.Single(alerts);
        Assert.Equal((Iso(Local(2, 14)), Iso(Local(2, 18)), "normal"),
            ((string)alert!["intervalStart"]!, (string)alert["intervalEnd"]!, (string)alert["level"]!));
        await using (var session = api.Store.QuerySession())
            Assert.Equal(Local(2, 22, 10), (await session.LoadAsync<PatrolSweepState>(PatrolSweepState.CountyId))!.ScheduledFor);
    }

    [Fact]
    public async Task Duty_level_changes_are_validated_retried_safely_and_explain_themselves()
    {
        await using var api = await ApiHost.StartAsync();
        var initial = await api.GetJson("/duty-level");
        Assert.Equal(("normal", "system:duty", 240, false), ((string)initial["level"]!, (string)initial["issuer"]!,
            (int)initial["rule"]!["visitEveryMinutes"]!, (bool)initial["rule"]!["fromPlan"]!));

        async Task<HttpResponseMessage> Change(object body) => await api.Client.PostAsJsonAsync("/duty-level", body);
        Assert.Equal(HttpStatusCode.BadRequest, (await Change(new { level = "level-4", issuer = "x", reason = "y" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Change(new { level = "level-1", issuer = "x", reason = "y", effectiveAt = "tomorrow" })).StatusCode);
        var backdated = await Change(new { level = "level-1", issuer = "x", reason = "y", effectiveAt = Iso(Local(2, 13)) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, backdated.StatusCode);
        Assert.Contains("effective-time-in-past", await backdated.Content.ReadAsStringAsync());

        // Announced for 20:00; until then the normal level stays in force.
        var announced = new { level = "level-3", issuer = "巡特警大队", reason = "省厅部署：元旦安保", effectiveAt = "2026-12-02T20:00:00+08:00" };
        var created = await api.Json(await Change(announced));
        Assert.Equal("normal", (string)created["level"]!);
        Assert.Equal(Iso(Local(2, 20)), (string)created["upcoming"]![0]!["effectiveAt"]!);
        var retried = await Change(announced);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(2, (await api.GetJson("/duty-level"))["history"]!.AsArray().Count);

        var earlier = await Change(new { level = "level-1", issuer = "x", reason = "y", effectiveAt = "2026-12-02T19:00:00+08:00" });
        Assert.Equal(HttpStatusCode.Conflict, earlier.StatusCode);

        api.Clock.Reset(Local(2, 20, 1));
        var now = await api.GetJson("/duty-level");
        Assert.Equal(("level-3", "省厅部署：元旦安保", 0.3), ((string)now["level"]!, (string)now["reason"]!,
            (double)now["rule"]!["minimumStreetShare"]!["special-patrol"]!));
    }

    [Fact]
    public async Task Peak_duty_follows_the_calendar_and_designated_security_periods()
    {
        await using var api = await ApiHost.StartAsync();
        var saturday = await api.GetJson("/peak-duty?at=2026-02-14T08:10:00%2B08:00");
        Assert.Equal(("make-up-workday", "春节调休上班"), ((string)saturday["dayKind"]!, (string)saturday["dayName"]!));
        Assert.Equal("08:00:00", (string)saturday["window"]!["centre"]!);

        var holiday = await api.GetJson("/peak-duty?at=2026-10-05T08:00:00%2B08:00");
        Assert.Equal("public-holiday", (string)holiday["dayKind"]!);
        Assert.Null(holiday["window"]);

        var weekend = "/peak-duty?at=2026-12-05T12:00:00%2B08:00";
        Assert.Null((await api.GetJson(weekend))["window"]);
        await PostOk(api, "/duty-level/peak-designations", new { from = "2026-12-05", to = "2026-12-06", reason = "重大活动安保" },
            HttpStatusCode.Created);
        var designated = await api.GetJson(weekend);
        Assert.Equal("designated: 重大活动安保", (string)designated["window"]!["why"]!);

        // During the 17:00 window a post counts as manned by a car reporting at-staging-point, or by a position
        // fix inside the window within the radius; the fixes from commissioning at 14:00 are too old to tell.
        var wednesday = "/peak-duty?at=2026-12-02T17:00:00%2B08:00";
        Assert.Equal(0, (int)(await api.GetJson(wednesday))["postsPresent"]!);
        api.Clock.Reset(Local(2, 16, 40));
        await PostOk(api, $"/units/{Grid7Car}/duty", new { status = "at-staging-point" });
        var staging1 = api.Services.GetRequiredService<ReferenceData>().PlacesById["renmin-nanjing-se"].Location;
        await PostOk(api, $"/units/{Grid1Car}/position", new { lat = staging1.Lat, lon = staging1.Lon, datum = "WGS-84" });
        Assert.Equal(2, (int)(await api.GetJson(wednesday))["postsPresent"]!);
        // A school gate checked in during the window counts; one from before the window does not.
        await PostOk(api, "/check-ins", new
        {
            items = new[]
            {
                CheckIn("peak-1", Grid1Car, "no1-experimental-primary-school", Local(2, 16, 35)),
                CheckIn("peak-2", Grid1Car, "telecom-tower", Local(2, 16, 20)),
            },
        });
        var withPoints = await api.GetJson(wednesday);
        Assert.Equal(1, (int)withPoints["pointsPresent"]!);
        Assert.Equal("网格1-1", (string)withPoints["points"]!.AsArray().Single(p => (bool)p!["present"]!)!["checkedInBy"]!);
        await PostOk(api, $"/units/{Grid7Car}/duty", new { status = "off-duty" });
        var posts = await api.GetJson(wednesday);
        Assert.Equal(1, (int)posts["postsPresent"]!);
        Assert.False((bool)posts["posts"]!.AsArray().Single(p => (int)p!["grid"]! == 7)!["present"]!);
    }

    [Fact]
    public async Task HQ_staff_drawn_into_crews_close_the_level_1_shortfall_and_no_officer_crews_two_units()
    {
        await using var api = await ApiHost.StartAsync();
        await PostOk(api, "/duty-level", new { level = "level-1", issuer = "巡特警大队", reason = "一级勤务" }, HttpStatusCode.Created);
        async Task<JsonNode> Hq() => (await api.GetJson("/compliance/staffing"))["forces"]!.AsArray().Single(f => (string)f!["force"]! == "hq-staff")!;
        // 30% of 104 is 31.2: 32 people; 13 cars x 2 are out.
        Assert.Equal((26, 32, 6), ((int)(await Hq())["onStreet"]!, (int)(await Hq())["requiredOnStreet"]!, (int)(await Hq())["shortfall"]!));

        // 交警大队 (WY0001-WY0008) sends four more officers out in grid 1's car.
        var crew = await PostOk(api, $"/units/{Grid1Car}/crew", new { officers = new[] { "WY0001", "WY0002", "WY0003", "WY0004", "WY0005", "WY0006" }, reason = "一级勤务：机关民警增援" });
        Assert.Equal(6, (int)crew["crew"]!);
        Assert.Equal((30, 2), ((int)(await Hq())["onStreet"]!, (int)(await Hq())["shortfall"]!));

        var taken = await api.Client.PostAsJsonAsync($"/units/{Grid7Car}/crew", new { officers = new[] { "WY0049", "WY0003" } });
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Contains("WY0003 crews 网格1-1", await taken.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity,
            (await api.Client.PostAsJsonAsync($"/units/{Grid7Car}/crew", new { officers = new[] { "WY9999" } })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await api.Client.PostAsJsonAsync($"/units/{Grid7Car}/crew", new { officers = new[] { "WY0049", "WY0049" } })).StatusCode);

        // Taking the car off the street takes its six officers with it.
        await PostOk(api, $"/units/{Grid1Car}/duty", new { status = "off-duty" });
        Assert.Equal((24, 8), ((int)(await Hq())["onStreet"]!, (int)(await Hq())["shortfall"]!));
        var before = (await api.GetJson("/compliance/staffing")).ToJsonString();
        using (var daemon = await api.Store.BuildProjectionDaemonAsync())
            await daemon.RebuildProjectionAsync<UnitStateProjection>(CancellationToken.None);
        Assert.Equal(before, (await api.GetJson("/compliance/staffing")).ToJsonString());
    }

    [Fact]
    public async Task A_night_shift_across_midnight_keeps_its_intervals_and_visits_after_midnight()
    {
        await using var api = await ApiHost.StartAsync();
        await PostOk(api, "/duty-level", new { level = "level-1", issuer = "巡特警大队", reason = "一级勤务" }, HttpStatusCode.Created);
        api.Clock.Reset(Local(3, 0, 31));
        await PostOk(api, "/check-ins", new { items = new[] { CheckIn("n-1", Grid7Car, "jiahu-square", Local(3, 0, 30)) } });
        api.Clock.Reset(Local(3, 8, 30));

        var night = await api.GetJson("/compliance/patrol?shift=2026-12-02/night");
        Assert.Equal((Iso(Local(2, 20)), Iso(Local(3, 8))), ((string)night["from"]!, (string)night["to"]!));
        var jiahu = night["points"]!.AsArray().Single(p => (string)p!["pointId"]! == "jiahu-square")!["intervals"]!.AsArray();
        Assert.Equal(12, jiahu.Count);
        Assert.All(jiahu, i => Assert.Equal("2026-12-02/night", (string)i!["shift"]!));
        var afterMidnight = jiahu.Single(i => (string)i!["start"]! == Iso(Local(3, 0)))!;
        Assert.Equal(("visited", "网格7-1"), ((string)afterMidnight["outcome"]!, (string)afterMidnight["visitedBy"]!));
        Assert.Equal((12 * 19, 1), ((int)night["owed"]!, (int)night["visited"]!));

        // The local day of 3 December still lists the 00:00 interval, labelled with the shift it belongs to.
        var day = await api.GetJson("/compliance/patrol?date=2026-12-03");
        var first = day["points"]!.AsArray().Single(p => (string)p!["pointId"]! == "jiahu-square")!["intervals"]![0]!;
        Assert.Equal((Iso(Local(3, 0)), "2026-12-02/night"), ((string)first["start"]!, (string)first["shift"]!));
    }

    [Fact]
    public async Task Driving_a_must_patrol_line_counts_once_per_interval_and_a_line_check_in_needs_a_position()
    {
        await using var api = await ApiHost.StartAsync();
        var reference = api.Services.GetRequiredService<ReferenceData>();
        var line = reference.MustPatrolLines.Single(l => l.Id == "grid-7-line-1");
        Assert.Equal("上海路中段", line.Name);
        // Two fixes mid-block on 上海路中段, away from any junction.
        var (a, b) = (line.Parts[0][0], line.Parts[0][1]);
        var on = new Dispatch.Domain.Geo.GeoPoint(a.Lat + (b.Lat - a.Lat) * 0.4, a.Lon + (b.Lon - a.Lon) * 0.4);
        var mid = new Dispatch.Domain.Geo.GeoPoint(a.Lat + (b.Lat - a.Lat) * 0.6, a.Lon + (b.Lon - a.Lon) * 0.6);

        api.Clock.Reset(Local(2, 14, 10));
        await PostOk(api, $"/units/{Grid7Car}/position", new { lat = on.Lat, lon = on.Lon, datum = "WGS-84" });
        api.Clock.Reset(Local(2, 14, 11));
        await PostOk(api, $"/units/{Grid7Car}/position", new { lat = mid.Lat, lon = mid.Lon, datum = "WGS-84" });
        // Off the line: 网格1's staging point is elsewhere.
        var elsewhere = reference.PlacesById["renmin-nanjing-se"].Location;
        await PostOk(api, $"/units/{Grid1Car}/position", new { lat = elsewhere.Lat, lon = elsewhere.Lon, datum = "WGS-84" });

        // The passes are recorded by a message sent with the fix; wait for it.
        JsonArray visits = [];
        for (var wait = 0; wait < 100 && visits.Count == 0; wait++)
        {
            await Task.Delay(100);
            visits = (await api.GetJson("/patrol-points/grid-7-line-1"))["visits"]!.AsArray();
        }
        await Task.Delay(500);
        visits = (await api.GetJson("/patrol-points/grid-7-line-1"))["visits"]!.AsArray();
        var pass = Assert.Single(visits); // two fixes in one interval: one pass
        Assert.Equal(("网格7-1", Iso(Local(2, 14, 10))), ((string)pass!["callSign"]!, (string)pass["deviceTime"]!));

        api.Clock.Reset(Local(2, 14, 25));
        var items = new[]
        {
            CheckIn("l-1", Grid1Car, "grid-1-line-1", Local(2, 14, 20)),
            CheckIn("l-2", Grid1Car, "grid-1-line-1", Local(2, 14, 21), new { lat = elsewhere.Lat + 0.01, lon = elsewhere.Lon, datum = "WGS-84" }),
        };
        var result = await PostOk(api, "/check-ins", new { items });
        Assert.Equal(["position-required", "too-far-from-point"], result["items"]!.AsArray().Select(i => (string)i!["reason"]!));

        api.Clock.Reset(Local(2, 18, 30));
        var patrol = await api.GetJson("/compliance/patrol?date=2026-12-02");
        var lineRow = patrol["lineTargets"]!.AsArray().Single(l => (string)l!["pointId"]! == "grid-7-line-1")!;
        Assert.Equal(("line", "visited"), ((string)lineRow["kind"]!, (string)lineRow["intervals"]![0]!["outcome"]!));
        // 网格1-1's staging point is the junction of 人民路 and 南京路, where both streets' sections meet: standing there it
        // is on 人民路东段 and 南京路南段 (grid 1), 人民路中段 (grid 3) and 南京路北段 (grid 12).
        Assert.Equal(["grid-1-line-1", "grid-1-line-2", "grid-12-line-1", "grid-3-line-1", "grid-7-line-1"], patrol["lineTargets"]!.AsArray()
            .Where(l => (int)l!["visited"]! == 1).Select(l => (string)l!["pointId"]!).Order());
        Assert.Equal((16, 5), ((int)patrol["lines"]!["owed"]!, (int)patrol["lines"]!["visited"]!));
    }

    [Fact]
    public async Task The_write_model_keeps_eight_days_and_the_day_history_keeps_everything()
    {
        await using var api = await ApiHost.StartAsync();
        api.Clock.Reset(Local(2, 14, 30));
        await PostOk(api, "/check-ins", new { items = new[] { CheckIn("old-1", Grid7Car, "jiahu-square", Local(2, 14, 30)) } });
        api.Clock.Reset(Local(11, 14, 30));
        await PostOk(api, "/check-ins", new { items = new[] { CheckIn("new-1", Grid7Car, "jiahu-square", Local(11, 14, 30)) } });

        // The point's write model dropped the visit of nine days ago; the day's history kept it.
        Assert.Equal(["new-1"], (await api.GetJson("/patrol-points/jiahu-square"))["visits"]!.AsArray().Select(v => (string)v!["clientId"]!));
        var then = await api.GetJson("/compliance/patrol?date=2026-12-02");
        var jiahu = then["points"]!.AsArray().Single(p => (string)p!["pointId"]! == "jiahu-square")!;
        Assert.Equal(("visited", "网格7-1"), ((string)jiahu["intervals"]![0]!["outcome"]!, (string)jiahu["intervals"]![0]!["visitedBy"]!));
    }
}
