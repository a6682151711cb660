using System.Text.Json;
using System.Text.Json.Nodes;
using Dispatch.Domain;
using Dispatch.Domain.Access;
using Dispatch.Domain.Departments;
using Dispatch.Domain.Dispatching;
using Dispatch.Domain.Geo;
using Dispatch.Domain.Duty;
using Dispatch.Domain.Elderly;
using Dispatch.Domain.Incidents;
using Dispatch.Domain.Inspections;
using Dispatch.Domain.Integration;
using Dispatch.Domain.Materials;
using Dispatch.Domain.Patrol;
using Dispatch.Domain.Plans;
using Dispatch.Domain.Relief;
using Dispatch.Domain.RollCalls;
using Dispatch.Domain.Reference;
using Dispatch.Domain.Units;
using NodaTime;
using Snapshooter.Xunit;

namespace Dispatch.Projections.Tests;

/// <summary>
/// The stored event schema is a contract with every event already in the database: an accidental
/// rename, retype or removed field fails here. Change the snapshot only together with an upcaster
/// or a new event version.
/// </summary>
public class EventSchemaTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 12, 2, 6, 0, 30);
    private static readonly Guid IncidentId = Guid.Parse("019ade00-0000-7000-8000-000000000001");
    private static readonly Guid UnitId = Guid.Parse("019ade00-0000-7000-8000-000000000002");
    private static readonly Guid DecisionId = Guid.Parse("019ade00-0000-7000-8000-000000000003");
    private static readonly Guid DepotId = Guid.Parse("01a22ee6-e000-7000-8000-000000000001");
    private static readonly Guid AllocationId = Guid.Parse("019ade00-0000-7000-8000-000000000006");
    private static readonly Guid RoundId = Guid.Parse("019ade00-0000-7000-8000-000000000007");
    private static readonly Guid IssueId = Guid.Parse("019ade00-0000-8000-8000-000000000008");
    private static readonly GeoPoint Here = new(33.4456646, 113.6189944);
    private static readonly Guid PlanId = Guid.Parse("019ade00-0000-8000-8000-000000000006");
    private static readonly Guid TaskId = Guid.Parse("019ade00-0000-7000-8000-000000000007");
    private static readonly PlanContent Content = new("火灾事故处置预案", ["设置警戒区，疏散群众"],
        [new DepartmentDuty("fire", ["灭火救援"]), new DepartmentDuty("township-wuquan", ["安置受灾住户"])],
        new PlanMaterials([new MaterialLine("fire-extinguisher", 4)], [new MaterialLine("fire-extinguisher", 12), new MaterialLine("tent", 2)], []),
        Modeled: true);
    private static readonly ZoneClassification Zone = new("other-urban", 300, "wuyang-other-urban", null, "其他城区");

    private static readonly DispatchDecision Decision = new(DecisionId,
        new DispatchInputs(IncidentId, Here, Zone, "wuyang-modeled-2026.12.1+abc", false, 1.0, 10, At,
            [new UnitSnapshot(UnitId, "网格7-1", UnitStatus.Available, null, Here, At)]),
        UnitId, "网格7-1", 44.5, true,
        [new Candidate(1, UnitId, "网格7-1", 44.5, 410, 380, true)],
        [new Exclusion(Guid.Parse("019ade00-0000-7000-8000-000000000004"), "网格3-1", "busy", "en route for incident x")],
        "explanation");

    private static readonly Guid PersonId = Guid.Parse("019ade00-0000-7000-8000-000000000006");
    private static readonly Guid ShelterId = Guid.Parse("019ade00-0000-7000-8000-000000000007");
    private static readonly Guid AlertId = Guid.Parse("019ade00-0000-7000-8000-000000000008");
    private static PersonRecord Person => new("李秀英", "13903957712", "舞阳县舞泉镇贾湖路18号", Here, new GivenPosition(33.4443, 113.6251, "GCJ-02"),
        "410721-0001", ["mobility", "oxygen"], "独居，需每日吸氧", [new CareContact("李建军", "儿子", "13703957788")], "YJHJ-0001");
    private static ShelterSite Shelter => new(ShelterId, "shelter-jiahu-square", "贾湖广场应急避难场所", "贾湖广场", Here, 150, true);

    public static readonly IReadOnlyList<object> Examples =
    [
        new IncidentReported(IncidentId, "disturbance", 2, Here, "贾湖广场", "广场有人打架", Zone, "dispatcher:王", At,
            new GivenPosition(33.4443, 113.6251, "GCJ-02"), Caller: new CallerContact("李秀英", "13803954417"),
            DutyLevel: DutyLevel.Level2, Plan: new PlanAttachment(PlanId, 2, "small", "治安纠纷处置预案")),
        new UnitDispatched(IncidentId, UnitId, "网格7-1", Decision, "dispatcher:王", At),
        new NoUnitAvailable(IncidentId, Decision with { ChosenUnitId = null, ChosenCallSign = null, EtaSeconds = null, WithinTarget = null, Candidates = [] }, "dispatcher:王", At),
        new UnitCommissioned(UnitId, "网格7-1", "grid-patrol-car", 7, "森林警察大队", "shanghai-zhangjiagang-sw", Here, 2, "system:roster", At),
        new UnitAssigned(UnitId, IncidentId, DecisionId, Here, 44.5, "dispatcher:王", At),
        new ResponderWithdrawn(IncidentId, UnitId, "cancelled", "报警人称已解决", 0, "dispatcher:王", At),
        new IncidentClosed(IncidentId, "处置完毕", "dispatcher:王", At),
        new IncidentReopened(IncidentId, "当事人再次报警", 2, "dispatcher:王", At, DutyLevel.Normal),
        new UnitAcknowledged(UnitId, IncidentId, "unit:网格7-1", At),
        new UnitReleased(UnitId, IncidentId, "overridden", "override for incident x: 重大警情", "dispatcher:王", At),
        new UnitDutyChanged(UnitId, UnitStatus.OnBreak, "用餐", "unit:网格7-1", At),
        new UnitEnRoute(UnitId, IncidentId, "unit:网格7-1", At),
        new UnitArrivedOnScene(UnitId, IncidentId, Here, "unit:网格7-1", At),
        new UnitCleared(UnitId, IncidentId, Here, "shanghai-zhangjiagang-sw", "unit:网格7-1", At),
        new UnitPositionReported(UnitId, Here, "unit:网格7-1", At, new GivenPosition(33.4513, 113.6317, "BD-09")),
        new UnitCrewChanged(UnitId, ["WY0001", "WY0002", "WY0003"], "一级勤务：机关民警增援", "dispatcher:王", At),
        new DutyLevelChanged(DutyLevel.Level2, At, "巡特警支队", "省厅通知：节日安保", "dispatcher:王", At),
        new PeakDutyDesignated(new LocalDate(2026, 12, 31), new LocalDate(2027, 1, 3), "元旦安保", "dispatcher:王", At),
        new PatrolPointVisited("jiahu-square", UnitId, "网格7-1", "device-7/000123", At, At + Duration.FromMinutes(40), Here, 12.5, "unit:网格7-1"),
        new MissedVisitRaised("jiahu-square", At, At + Duration.FromHours(2), DutyLevel.Level2, "system:patrol-schedule", At),
        new MissedVisitRetracted("jiahu-square", At, At + Duration.FromHours(2), "device-7/000123", UnitId, At, "unit:网格7-1", At),
        new RollCallStarted(IncidentId, [new RollCallPost(UnitId, "网格7-1", 7, "shanghai-zhangjiagang-sw", "上海路张家港路交叉口西南角")],
            At + Duration.FromMinutes(2), At + Duration.FromMinutes(12), "晚间点名", "dispatcher:王", At),
        new RollCallAnswered(IncidentId, UnitId, "网格7-1", false, Here, 8.5, "unit:网格7-1", At),
        new RollCallClosed(IncidentId, [UnitId], "system:roll-call", At),
        new SpotCheckDrawn(IncidentId, new LocalDate(2026, 12, 2), 20261202, ["网格7-1"], ["jiahu-square"], "inspector:李", At),
        new FindingRecorded(IncidentId, "网格7-1", "minor", "执勤时未开警灯", "inspector:李", At),
        new ApiKeyIssued(DecisionId, "网格7-1 警务通", ["field-unit"], UnitId, [], "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "WY0001", At),
        new ApiKeyRevoked(DecisionId, "设备丢失", "WY0001", At),
        new WebhookRegistered(DecisionId, "api-key:019ade00-0000-7000-8000-000000000005", "https://110.example/wuyang/events",
            ["incident.reported.v1", "unit.dispatched.v1"], [7], "api-key:019ade00-0000-7000-8000-000000000005", At),
        new WebhookRemoved(DecisionId, "api-key:019ade00-0000-7000-8000-000000000005", At),
        new EmergencyPlanPublished(PlanId, "fire", 1, Content, "system:plans", At),
        new EmergencyPlanRevised(PlanId, "fire", 2, Content with { Modeled = false }, "演练发现疏散范围不足", "drill", [DecisionId],
            ["疏散范围应扩大到50米"], "dispatcher:王", At),
        new EmergencyPlanFeedbackFiled(PlanId, DecisionId, "incident", IncidentId, 1, ["疏散范围应扩大到50米"], "inspector:李", At),
        new IncidentReclassified(IncidentId, "disturbance", "small", "fire", "large", new PlanAttachment(PlanId, 2, "large", "火灾事故处置预案"),
            "现场发现明火", "dispatcher:王", At),
        new DepartmentTaskAssigned(TaskId, IncidentId, "fire", ["灭火救援"], "plan", PlanId, 2, null, "dispatcher:王", At),
        new DepartmentTaskAcknowledged(TaskId, IncidentId, "fire", "两车出动", "department:fire", At),
        new DepartmentTaskCompleted(TaskId, IncidentId, "fire", "明火已扑灭", "department:fire", At),
        new DepotCommissioned(DepotId, "县应急物资储备库", Here, "system:depots", At),
        new MaterialsReceived(DepotId, [new MaterialLine("sandbag", 3000), new MaterialLine("cotton-quilt", 300)], "initial stock from depots.json",
            "system:depots", At),
        new MaterialsReserved(DepotId, AllocationId, IncidentId, [new MaterialLine("sandbag", 200)], "dispatcher:王", At),
        new MaterialsDispatched(DepotId, AllocationId, IncidentId, [new MaterialLine("sandbag", 150)], "dispatcher:王", At),
        new MaterialsReturned(DepotId, AllocationId, IncidentId, [new MaterialLine("sandbag", 40)], "汛情解除，沙袋运回", "dispatcher:王", At),
        new MaterialReservationReleased(DepotId, AllocationId, IncidentId, [new MaterialLine("sandbag", 50)], "用不上", "dispatcher:王", At),
        new MaterialsWrittenOff(DepotId, [new MaterialLine("cotton-quilt", 2)], "受潮发霉", "dispatcher:王", At),
        new ReliefMaterialsIssued(DepotId, RoundId, IssueId, [new MaterialLine("cotton-quilt", 1)], "dispatcher:王", At),
        new MaterialsAllocated(AllocationId, IncidentId, Here, "wuyang-modeled-2026.12.1+abc", false, 1.0, 10, "request",
            [new MaterialLine("sandbag", 300), new MaterialLine("tent", 5)],
            [new DepotConsidered(DepotId, "县应急物资储备库", 1, 212.4, 1980.5, 1710.2, [new MaterialLine("sandbag", 200)]),
                new DepotConsidered(Guid.Parse("019ade00-0000-7000-8000-000000000009"), "城南物资仓库", 2, 305.0, 2700.0, 2500.3,
                    [new MaterialLine("sandbag", 500), new MaterialLine("tent", 2)])],
            [new DepotLine(DepotId, "sandbag", 200), new DepotLine(Guid.Parse("019ade00-0000-7000-8000-000000000009"), "sandbag", 100),
                new DepotLine(Guid.Parse("019ade00-0000-7000-8000-000000000009"), "tent", 2)],
            [new MaterialLine("tent", 3)], "dispatcher:王", At),
        new AllocationLinesDispatched(AllocationId, IncidentId, [new DepotLine(DepotId, "sandbag", 150)], "dispatcher:王", At),
        new AllocationLinesReturned(AllocationId, IncidentId, [new DepotLine(DepotId, "sandbag", 40)], "汛情解除，沙袋运回", "dispatcher:王", At),
        new AllocationLinesReleased(AllocationId, IncidentId, [new DepotLine(DepotId, "sandbag", 50)], "用不上", "dispatcher:王", At),
        new ReliefRoundOpened(RoundId, "2026年冬季寒潮救助", "cotton-quilt", 1, DepotId, "独居老人优先", "dispatcher:王", At),
        new ReliefIssued(IssueId, RoundId, null, "WQ-0012", DepotId, "cotton-quilt", 1, "已签字", "dispatcher:王", At),
        new VulnerablePersonRegistered(PersonId, Person, "dispatcher:王", At),
        new VulnerablePersonUpdated(PersonId, Person with { Phone = "13903957713", DeviceId = "YJHJ-0002" }, "dispatcher:王", At),
        new VulnerablePersonDeregistered(PersonId, "迁出本县", "dispatcher:王", At),
        new PersonRelocated(PersonId, null, ShelterId, "暴雨转移", new ShelterChoice(Here, "wuyang-modeled-2026.12.1+abc", false, 1.0, ShelterId,
            [new ShelterCandidate(ShelterId, "贾湖广场应急避难场所", 61.5, 420.3, true, 3, 150, "chosen")], At), "dispatcher:王", At),
        new ShelterCommissioned(ShelterId, Shelter, "system:shelters", At),
        new ShelterOpened(ShelterId, "暴雨红色预警", "dispatcher:王", At),
        new ShelterClosed(ShelterId, "预警解除", "dispatcher:王", At),
        new ShelterOccupantAdmitted(ShelterId, PersonId, 4, 150, "dispatcher:王", At),
        new ShelterOccupantLeft(ShelterId, PersonId, null, 3, "dispatcher:王", At),
        new RiskAlertIssued(AlertId, "flood", "暴雨红色预警：请立即做好转移准备", new AlertArea(null, Here, 500),
            [new AlertRecipient(PersonId, Here, "410721-0001")], 12, "dispatcher:王", At),
        new RiskAlertDeliveryRecorded(AlertId, PersonId, "acknowledged", "visit", "已当面告知", "dispatcher:王", At),
    ];


    [Fact]
    public void Every_domain_event_is_catalogued_with_a_unique_alias()
    {
        var domainEvents = typeof(IDispatchEvent).Assembly.GetTypes()
            .Where(t => typeof(IDispatchEvent).IsAssignableFrom(t) && !t.IsInterface).ToHashSet();
        Assert.Equal(domainEvents.OrderBy(t => t.Name), EventCatalog.Events.Select(e => e.Type).OrderBy(t => t.Name));
        Assert.Equal(EventCatalog.Events.Count, EventCatalog.Events.Select(e => e.Alias).Distinct().Count());
        Assert.Equal(domainEvents.OrderBy(t => t.Name), Examples.Select(e => e.GetType()).OrderBy(t => t.Name));
    }

    [Fact]
    public void The_stored_shape_of_every_event_is_unchanged()
    {
        var stored = new JsonObject();
        foreach (var e in Examples)
            stored[EventCatalog.AliasOf(e.GetType())] = JsonNode.Parse(JsonSerializer.Serialize(e, e.GetType(), DispatchJson.Options));
        Snapshot.Match(stored.ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }));
    }

    /// <summary>A one-key call's report: the incident names the person by id only (the record stays in the registry).</summary>
    [Fact]
    public void A_one_key_call_report_keeps_its_stored_shape()
    {
        var reported = new IncidentReported(IncidentId, "elderly-help", 1, Here, null, "一键呼叫：重点关爱老人求助", Zone, "api-key:gateway", At,
            new GivenPosition(Here.Lat, Here.Lon, GeoPoint.Wgs84), DutyLevel: DutyLevel.Normal,
            Elderly: new ElderlyCall(PersonId, "YJHJ-0001", "press-1", "registered"));
        var json = JsonSerializer.Serialize(reported, DispatchJson.Options);
        Assert.Equal(reported, JsonSerializer.Deserialize<IncidentReported>(json, DispatchJson.Options));
        Snapshot.Match(JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }));
    }

    [Fact]
    public void Marten_stores_events_in_exactly_the_documented_shape()
    {
        var options = new Marten.StoreOptions();
        options.ConfigureDispatchStore("Host=127.0.0.1;Database=unused", "unused");
        var marten = options.Serializer();
        foreach (var example in Examples)
        {
            var stored = JsonNode.Parse(marten.ToJson(example));
            var documented = JsonNode.Parse(JsonSerializer.Serialize(example, example.GetType(), DispatchJson.Options));
            Assert.True(JsonNode.DeepEquals(documented, stored), $"{example.GetType().Name}: {stored}");
        }
    }

    [Fact]
    public void Events_stored_before_the_given_position_was_recorded_still_read()
    {
        var json = JsonSerializer.Serialize(Examples[0], DispatchJson.Options);
        var old = JsonNode.Parse(json)!.AsObject();
        old.Remove("givenLocation");
        old.Remove("dutyLevel");
        old.Remove("elderly");
        var read = old.Deserialize<IncidentReported>(DispatchJson.Options)!;
        Assert.Null(read.GivenLocation);
        Assert.Null(read.DutyLevel);
        Assert.Null(read.Elderly);
        Assert.Equal(((IncidentReported)Examples[0]).Location, read.Location);
    }

    [Fact]
    public void Every_event_reads_back_equal_to_what_was_written()
    {
        foreach (var example in Examples)
        {
            var json = JsonSerializer.Serialize(example, example.GetType(), DispatchJson.Options);
            var back = JsonSerializer.Deserialize(json, example.GetType(), DispatchJson.Options);
            Assert.Equal(json, JsonSerializer.Serialize(back, example.GetType(), DispatchJson.Options));
        }
    }
}
