using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dispatch.Domain.Access;
using Dispatch.Projections;
using NodaTime;

namespace Dispatch.Api.Tests;

/// <summary>
/// Emergency plans (应急预案) on the real API and PostgreSQL: the sample plans commissioned at start-up, a plan version
/// attached to each incident by its type and kept after revisions, reclassification, feedback behind revisions.
/// </summary>
public class EmergencyPlanTests
{
    private const double Lat = 33.4456646, Lon = 113.6189944; // 贾湖广场

    internal static async Task<JsonNode> PlanFor(ApiHost api, string code)
    {
        var plans = (await api.GetJson("/emergency-plans")).AsArray();
        var id = (string)plans.Single(p => (string)p!["code"]! == code)!["id"]!;
        return await api.GetJson($"/emergency-plans/{id}");
    }

    internal static async Task<JsonNode> Report(ApiHost api, string type, object? caller = null, string? description = "现场情况")
    {
        var response = await api.Client.PostAsJsonAsync("/incidents", new
        {
            type, priority = 1, location = new { lat = Lat, lon = Lon, datum = "WGS-84" }, address = "贾湖广场", description, caller,
        });
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return await api.Json(response);
    }

    private static async Task<HttpResponseMessage> Revise(ApiHost api, string planId, object body) =>
        await api.Client.PostAsJsonAsync($"/emergency-plans/{planId}/revisions", body);

    [Fact]
    public async Task An_incident_keeps_the_plan_version_it_got_and_an_incident_after_a_revision_gets_the_new_one()
    {
        await using var api = await ApiHost.StartAsync();
        var plans = (await api.GetJson("/emergency-plans")).AsArray();
        Assert.Equal(["elderly-help", "fire", "flood", "mass-gathering", "missing-elderly", "traffic-accident"],
            plans.Select(p => (string)p!["code"]!));
        Assert.All(plans, p => Assert.True((bool)p!["modeled"]!));
        var fire = await PlanFor(api, "fire");
        var planId = (string)fire["id"]!;
        Assert.Equal(1, (int)fire["currentVersion"]!);
        Assert.Equal("火灾事故处置预案（模拟）", (string)fire["current"]!["title"]!);

        var first = await Report(api, "fire");
        var firstId = (string)first["id"]!;
        Assert.Equal((planId, 1, "small"), ((string)first["plan"]!["planId"]!, (int)first["plan"]!["version"]!, (string)first["plan"]!["scale"]!));

        api.Clock.Advance(Duration.FromMinutes(10));
        var revised = await Revise(api, planId, new
        {
            reason = "县消防救援大队调整一般火灾出动标准", trigger = "rule-change",
            materials = new
            {
                small = new[] { new { item = "fire-extinguisher", quantity = 6 }, new { item = "cordon-tape", quantity = 3 } },
                large = new[] { new { item = "fire-extinguisher", quantity = 12 } },
                major = new[] { new { item = "fire-extinguisher", quantity = 30 }, new { item = "tent", quantity = 10 } },
            },
        });
        Assert.Equal(HttpStatusCode.Created, revised.StatusCode);
        var v2 = await api.Json(revised);
        Assert.Equal(2, (int)v2["currentVersion"]!);
        Assert.Equal("火灾事故处置预案（模拟）", (string)v2["current"]!["title"]!); // left out: kept from version 1
        Assert.False((bool)v2["current"]!["modeled"]!);

        // The first incident keeps version 1; a new one gets version 2.
        Assert.Equal(1, (int)(await api.GetJson($"/incidents/{firstId}"))["plan"]!["version"]!);
        var second = await Report(api, "fire");
        Assert.Equal(2, (int)second["plan"]!["version"]!);

        // The requirement lookup material allocation uses: the attached version's lines at the incident's scale.
        await using (var session = api.Store.QuerySession())
        {
            var one = (await EmergencyPlanRequirements.ForIncidentAsync(session, Guid.Parse(firstId)))!;
            Assert.Equal([("fire-extinguisher", 4), ("cordon-tape", 2), ("first-aid-kit", 1)], one.Materials.Select(l => (l.Item, l.Quantity)));
            var two = (await EmergencyPlanRequirements.ForIncidentAsync(session, Guid.Parse((string)second["id"]!)))!;
            Assert.Equal([("fire-extinguisher", 6), ("cordon-tape", 3)], two.Materials.Select(l => (l.Item, l.Quantity)));
            var none = (await EmergencyPlanRequirements.ForIncidentAsync(session, Guid.Parse((string)(await Report(api, "disturbance"))["id"]!)))!;
            Assert.Null(none.Plan.PlanId);
            Assert.Empty(none.Materials);
            Assert.Null(await EmergencyPlanRequirements.ForIncidentAsync(session, Guid.NewGuid()));
        }
        var version1 = await api.GetJson($"/emergency-plans/{planId}/versions/1");
        Assert.Equal(4, (int)version1["content"]!["materials"]!["small"]![0]!["quantity"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Client.GetAsync($"/emergency-plans/{planId}/versions/3")).StatusCode);

        // Tasks from the plan: one per department of the version, with that department's steps.
        var shared = await api.GetJson($"/incidents/{firstId}/departments");
        Assert.Equal(["fire", "health", "township-wuquan"], shared["tasks"]!.AsArray().Select(t => (string)t!["department"]!).Order());
        Assert.All(shared["tasks"]!.AsArray(), t => Assert.Equal(1, (int)t!["planVersion"]!));
        Assert.Equal("出动就近消防站力量灭火救援", (string)shared["tasks"]!.AsArray().Single(t => (string)t!["department"]! == "fire")!["steps"]![0]!);
        Assert.Equal("县消防救援大队", (string)shared["tasks"]!.AsArray().Single(t => (string)t!["department"]! == "fire")!["departmentName"]!);
    }

    [Fact]
    public async Task Reclassification_attaches_the_version_current_then_and_records_it_on_the_incident()
    {
        await using var api = await ApiHost.StartAsync();
        var incident = await Report(api, "disturbance");
        var id = (string)incident["id"]!;
        Assert.Null(incident["plan"]!["planId"]);
        Assert.Equal("small", (string)incident["plan"]!["scale"]!);
        var flood = await PlanFor(api, "flood");
        var floodId = (string)flood["id"]!;

        var reclassified = await api.Client.PostAsJsonAsync($"/incidents/{id}/classification",
            new { type = "flood", scale = "large", reason = "现场积水漫过路面，已有群众被困" });
        Assert.Equal(HttpStatusCode.OK, reclassified.StatusCode);
        var details = await api.Json(reclassified);
        Assert.Equal("flood", (string)details["type"]!);
        Assert.Equal((floodId, 1, "large"), ((string)details["plan"]!["planId"]!, (int)details["plan"]!["version"]!, (string)details["plan"]!["scale"]!));
        var tasks = (await api.GetJson($"/incidents/{id}/departments"))["tasks"]!.AsArray();
        Assert.Equal(["civil-affairs", "fire", "health", "township-wuquan"], tasks.Select(t => (string)t!["department"]!).Order());

        // A revision, then a new scale: the then-current version is attached; departments already tasked get no second task.
        Assert.Equal(HttpStatusCode.Created, (await Revise(api, floodId, new
        {
            reason = "演练发现转移组缺少救生衣", trigger = "drill",
            departments = new object[]
            {
                new { department = "civil-affairs", steps = new[] { "开放应急避难场所" } },
                new { department = "traffic", steps = new[] { "封闭积水路段" } },
            },
        })).StatusCode);
        var major = await api.Json(await api.Client.PostAsJsonAsync($"/incidents/{id}/classification", new { scale = "major" }));
        Assert.Equal((2, "major", "flood"), ((int)major["plan"]!["version"]!, (string)major["plan"]!["scale"]!, (string)major["type"]!));
        tasks = (await api.GetJson($"/incidents/{id}/departments"))["tasks"]!.AsArray();
        Assert.Equal(["civil-affairs", "fire", "health", "township-wuquan", "traffic"], tasks.Select(t => (string)t!["department"]!).Order());
        Assert.Equal(2, (int)tasks.Single(t => (string)t!["department"]! == "traffic")!["planVersion"]!);

        // The same classification again changes nothing.
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsJsonAsync($"/incidents/{id}/classification", new { scale = "major" })).StatusCode);
        var list = (await api.GetJson($"/incidents/{id}/events")).AsArray();
        var recorded = list.Where(e => (string)e!["type"]! == "incident_reclassified.v1").Select(e => e!["data"]!).ToList();
        Assert.Equal(2, recorded.Count);
        Assert.Equal(("disturbance", "small", "flood", "large", 1), ((string)recorded[0]["previousType"]!, (string)recorded[0]["previousScale"]!,
            (string)recorded[0]["type"]!, (string)recorded[0]["scale"]!, (int)recorded[0]["plan"]!["version"]!));
        Assert.Equal("现场积水漫过路面，已有群众被困", (string)recorded[0]["reason"]!);
        Assert.Equal((2, "major"), ((int)recorded[1]["plan"]!["version"]!, (string)recorded[1]["scale"]!));

        // To a type without a plan: recorded as no plan.
        var none = await api.Json(await api.Client.PostAsJsonAsync($"/incidents/{id}/classification", new { type = "theft", scale = "small" }));
        Assert.Null(none["plan"]!["planId"]);

        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsJsonAsync($"/incidents/{id}/close", new { reason = "处置完毕" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await api.Client.PostAsJsonAsync($"/incidents/{id}/classification", new { scale = "large" })).StatusCode);
    }

    [Fact]
    public async Task A_revision_needs_a_reason_and_records_the_feedback_that_led_to_it()
    {
        await using var api = await ApiHost.StartAsync();
        var plan = await PlanFor(api, "traffic-accident");
        var planId = (string)plan["id"]!;
        var incident = await Report(api, "traffic-accident");

        var fromIncident = await api.ClientAs(Roles.Dispatcher).PostAsJsonAsync($"/emergency-plans/{planId}/feedback", new
        {
            source = "incident", incidentId = (string)incident["id"]!, lessons = new[] { "夜间事故现场锥桶不足，二次事故险情" },
        });
        Assert.Equal(HttpStatusCode.Created, fromIncident.StatusCode);
        var feedback1 = await api.Json(fromIncident);
        Assert.Equal(1, (int)feedback1["planVersion"]!);
        var fromDrill = await api.ClientAs(Roles.Inspector).PostAsJsonAsync($"/emergency-plans/{planId}/feedback", new
        {
            source = "drill", lessons = new[] { "演练中急救车到场偏慢", "需配备照明" },
        });
        Assert.Equal(HttpStatusCode.Created, fromDrill.StatusCode);
        var feedback2 = await api.Json(fromDrill);
        Assert.Equal(2, (await api.GetJson($"/emergency-plans/{planId}"))["feedback"]!.AsArray().Count);
        Assert.Equal(2, (int)(await api.GetJson("/emergency-plans")).AsArray().Single(p => (string)p!["code"]! == "traffic-accident")!["openFeedback"]!);

        var ids = new[] { (string)feedback1["feedbackId"]!, (string)feedback2["feedbackId"]! };
        var noReason = await Revise(api, planId, new { trigger = "incident", feedbackIds = ids, title = "新标题" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.NotNull((await api.Json(noReason))["errors"]!["reason"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await Revise(api, planId, new { reason = "x", trigger = "whim", title = "新标题" })).StatusCode);
        var unknown = await Revise(api, planId, new { reason = "x", trigger = "incident", feedbackIds = new[] { Guid.NewGuid() }, title = "新标题" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Equal("unknown-feedback", (string)(await api.Json(unknown))["title"]!);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Revise(api, planId, new { reason = "x", trigger = "drill" })).StatusCode); // unchanged
        Assert.Equal(HttpStatusCode.Conflict, (await Revise(api, planId, new { reason = "x", trigger = "drill", expectedVersion = 5, title = "新标题" })).StatusCode);
        Assert.Equal(1, (int)(await api.GetJson($"/emergency-plans/{planId}"))["currentVersion"]!); // nothing written

        const string reason = "根据“夜间事故”处置反馈和演练意见修订：增加锥桶和照明";
        var revised = await Revise(api, planId, new
        {
            reason, trigger = "incident", feedbackIds = ids, expectedVersion = 1,
            materials = new
            {
                small = new[] { new { item = "traffic-cone", quantity = 12 }, new { item = "flashlight", quantity = 4 } },
                large = new[] { new { item = "traffic-cone", quantity = 30 } },
                major = Array.Empty<object>(),
            },
        });
        Assert.Equal(HttpStatusCode.Created, revised.StatusCode);
        var history = await api.GetJson($"/emergency-plans/{planId}");
        var v2 = history["versions"]!.AsArray()[1]!;
        Assert.Equal((2, reason, "incident"), ((int)v2["version"]!, (string)v2["reason"]!, (string)v2["trigger"]!));
        Assert.Equal(ids, v2["feedbackIds"]!.AsArray().Select(f => (string)f!));
        Assert.Equal(["夜间事故现场锥桶不足，二次事故险情", "演练中急救车到场偏慢", "需配备照明"], v2["lessons"]!.AsArray().Select(l => (string)l!));
        Assert.All(history["feedback"]!.AsArray(), f => Assert.Equal(2, (int)f!["addressedInVersion"]!));
        Assert.Equal((string)incident["id"]!, (string)history["feedback"]![0]!["incidentId"]!);
        Assert.Null(history["versions"]![0]!["reason"]);
        var stored = await api.GetJson($"/emergency-plans/{planId}/versions/2");
        Assert.Equal(reason, (string)stored["reason"]!);
        Assert.Empty(stored["content"]!["materials"]!["major"]!.AsArray());
        // Feedback about the incident still names the version it was handled under.
        Assert.Equal(1, (int)history["feedback"]![0]!["planVersion"]!);
    }

    [Fact]
    public async Task Bad_input_answers_problems_and_a_published_plan_round_trips_Chinese_text()
    {
        await using var api = await ApiHost.StartAsync();
        async Task<JsonNode> Problem(HttpResponseMessage response, HttpStatusCode status)
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            return await api.Json(response);
        }

        var missing = await Problem(await api.Client.PostAsJsonAsync("/emergency-plans", new { code = "Gas Leak" }), HttpStatusCode.BadRequest);
        Assert.Equal(["code", "departments", "materials", "steps", "title"], missing["errors"]!.AsObject().Select(e => e.Key).Order());
        var lines = new { small = new[] { new { item = "fire-extinguisher", quantity = 0 } }, large = Array.Empty<object>(), major = (object[]?)null };
        var badLines = await Problem(await api.Client.PostAsJsonAsync("/emergency-plans", new
        {
            code = "gas-leak", title = "燃气泄漏", steps = new[] { "疏散" }, departments = Array.Empty<object>(), materials = lines,
        }), HttpStatusCode.BadRequest);
        Assert.Equal(["materials.major", "materials.small[0].quantity"], badLines["errors"]!.AsObject().Select(e => e.Key).Order());

        object Plan(string item, string department) => new
        {
            code = "gas-leak", title = "燃气泄漏事故处置预案", steps = new[] { "关闭气源阀门，严禁明火", "疏散周边 50 米内群众" },
            departments = new[] { new { department, steps = new[] { "派抢险人员“带压堵漏”" } } },
            materials = new
            {
                small = new[] { new { item, quantity = 2 } }, large = new[] { new { item = "loudspeaker", quantity = 3 } },
                major = Array.Empty<object>(),
            },
        };
        Assert.Equal("unknown-item", (string)(await Problem(await api.Client.PostAsJsonAsync("/emergency-plans", Plan("gas-mask", "fire")),
            HttpStatusCode.UnprocessableEntity))["title"]!);
        Assert.Equal("unknown-department", (string)(await Problem(await api.Client.PostAsJsonAsync("/emergency-plans", Plan("cordon-tape", "police")),
            HttpStatusCode.UnprocessableEntity))["title"]!);
        var published = await api.Client.PostAsJsonAsync("/emergency-plans", Plan("cordon-tape", "township-wuquan"));
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        var plan = await api.Json(published);
        Assert.Equal($"/emergency-plans/{(string)plan["id"]!}", published.Headers.Location!.OriginalString);
        var read = await api.GetJson($"/emergency-plans/{(string)plan["id"]!}");
        Assert.Equal("燃气泄漏事故处置预案", (string)read["current"]!["title"]!);
        Assert.Equal("派抢险人员“带压堵漏”", (string)read["current"]!["departments"]![0]!["steps"]![0]!);
        Assert.Equal("疏散周边 50 米内群众", (string)read["current"]!["steps"]![1]!);
        Assert.Equal("plan-exists", (string)(await Problem(await api.Client.PostAsJsonAsync("/emergency-plans", Plan("cordon-tape", "fire")),
            HttpStatusCode.Conflict))["title"]!);
        Assert.Equal(1, (int)(await Report(api, "gas-leak"))["plan"]!["version"]!);

        var unknownPlan = Guid.NewGuid();
        await Problem(await api.Client.GetAsync($"/emergency-plans/{unknownPlan}"), HttpStatusCode.NotFound);
        await Problem(await api.Client.PostAsJsonAsync($"/emergency-plans/{unknownPlan}/revisions", new { reason = "x", trigger = "drill" }), HttpStatusCode.NotFound);
        await Problem(await api.Client.PostAsJsonAsync($"/emergency-plans/{unknownPlan}/feedback", new { source = "drill", lessons = new[] { "x" } }),
            HttpStatusCode.NotFound);
        var planId = (string)plan["id"]!;
        var noIncident = await Problem(await api.Client.PostAsJsonAsync($"/emergency-plans/{planId}/feedback",
            new { source = "incident", lessons = new[] { "x" } }), HttpStatusCode.BadRequest);
        Assert.NotNull(noIncident["errors"]!["incidentId"]);
        await Problem(await api.Client.PostAsJsonAsync($"/emergency-plans/{planId}/feedback",
            new { source = "incident", incidentId = Guid.NewGuid(), lessons = new[] { "x" } }), HttpStatusCode.UnprocessableEntity);
        var fire = await Report(api, "fire");
        Assert.Equal("incident-under-another-plan", (string)(await Problem(await api.Client.PostAsJsonAsync($"/emergency-plans/{planId}/feedback",
            new { source = "incident", incidentId = (string)fire["id"]!, lessons = new[] { "x" } }), HttpStatusCode.UnprocessableEntity))["title"]!);
        await Problem(await api.Client.PostAsJsonAsync($"/emergency-plans/{planId}/feedback", new { source = "drill", lessons = Array.Empty<string>() }),
            HttpStatusCode.BadRequest);

        var scale = await Problem(await api.Client.PostAsJsonAsync($"/incidents/{(string)fire["id"]!}/classification", new { scale = "huge" }),
            HttpStatusCode.BadRequest);
        Assert.NotNull(scale["errors"]!["scale"]);
        await Problem(await api.Client.PostAsJsonAsync($"/incidents/{Guid.NewGuid()}/classification", new { scale = "large" }), HttpStatusCode.NotFound);
        Assert.Single((await api.GetJson("/emergency-plans")).AsArray(), p => (string)p!["code"]! == "gas-leak");
    }
}
