using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dispatch.Domain.Access;

namespace Dispatch.Api.Tests;

/// <summary>Department tasks from the attached plan and from a dispatcher, worked by their own department; the shared views.</summary>
public class DepartmentTaskTests
{
    [Fact]
    public async Task Tasks_from_the_plan_are_acknowledged_and_completed_by_their_own_department_only()
    {
        await using var api = await ApiHost.StartAsync();
        var incident = await EmergencyPlanTests.Report(api, "fire");
        var id = (string)incident["id"]!;
        var fire = api.ClientWithToken(TestIdentity.Department("fire"));
        var health = api.ClientWithToken(TestIdentity.Department("health"));

        var open = await api.Json(await fire.GetAsync("/departments/fire/incidents"));
        Assert.Equal("县消防救援大队", (string)open["departmentName"]!);
        var row = open["incidents"]!.AsArray().Single()!;
        Assert.Equal((id, "fire", "small"), ((string)row["incidentId"]!, (string)row["type"]!, (string)row["scale"]!));
        Assert.Equal("WGS-84", (string)row["location"]!["datum"]!);
        var task = row["tasks"]!.AsArray().Single()!;
        var taskId = (string)task["taskId"]!;
        Assert.Equal(("assigned", "plan"), ((string)task["status"]!, (string)task["source"]!));
        Assert.Equal(HttpStatusCode.Forbidden, (await fire.GetAsync("/departments/health/incidents")).StatusCode);

        string Url(string action) => $"/incidents/{id}/department-tasks/{taskId}/{action}";
        // Another department, a made-up task, a task on another incident: the same 403, nothing written.
        var foreign = await health.PostAsJsonAsync(Url("acknowledge"), new { note = "收到" });
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        var madeUp = await fire.PostAsJsonAsync($"/incidents/{id}/department-tasks/{Guid.NewGuid()}/acknowledge", new { note = "收到" });
        Assert.Equal(HttpStatusCode.Forbidden, madeUp.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await fire.PostAsJsonAsync($"/incidents/{Guid.NewGuid()}/department-tasks/{taskId}/acknowledge", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.ClientAs(Roles.Dispatcher).PostAsJsonAsync(Url("acknowledge"), new { })).StatusCode);

        var early = await fire.PostAsJsonAsync(Url("complete"), new { note = "已扑灭" });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal("task-not-acknowledged", (string)(await api.Json(early))["title"]!);

        var acknowledged = await fire.PostAsJsonAsync(Url("acknowledge"), new { note = "城关消防站两车出动" });
        Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        Assert.Equal("acknowledged", (string)(await api.Json(acknowledged))["status"]!);
        Assert.Equal(HttpStatusCode.OK, (await fire.PostAsJsonAsync(Url("acknowledge"), new { })).StatusCode); // a retry: no-op
        var completed = await fire.PostAsJsonAsync(Url("complete"), new { note = "明火已扑灭，无人员伤亡" });
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        var done = await api.Json(completed);
        Assert.Equal(("completed", "明火已扑灭，无人员伤亡", "城关消防站两车出动"),
            ((string)done["status"]!, (string)done["completionNote"]!, (string)done["acknowledgeNote"]!));
        Assert.Equal("test-department-fire", (string)done["completedBy"]!);
        var late = await fire.PostAsJsonAsync(Url("acknowledge"), new { });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("task-completed", (string)(await api.Json(late))["title"]!);
        Assert.Equal(HttpStatusCode.BadRequest, (await fire.PostAsJsonAsync(Url("complete"), new { note = "坏\u0001字符" })).StatusCode);

        Assert.Empty((await api.Json(await fire.GetAsync("/departments/fire/incidents")))["incidents"]!.AsArray());
        var events = (await api.GetJson($"/audit/streams/{taskId}/events")).AsArray();
        Assert.Equal(["department_task_assigned.v1", "department_task_acknowledged.v1", "department_task_completed.v1"],
            events.Select(e => (string)e!["type"]!));

        // The shared view, as the fire department and as a dispatcher: every department's status.
        var shared = await api.Json(await fire.GetAsync($"/incidents/{id}/departments"));
        Assert.Equal("火灾事故处置预案（模拟）", (string)shared["plan"]!["title"]!);
        Assert.Equal(4, shared["plan"]!["steps"]!.AsArray().Count);
        Assert.Equal(new Dictionary<string, string> { ["fire"] = "completed", ["health"] = "assigned", ["township-wuquan"] = "assigned" },
            shared["tasks"]!.AsArray().ToDictionary(t => (string)t!["department"]!, t => (string)t!["status"]!));
        Assert.Equal(HttpStatusCode.Forbidden,
            (await api.ClientWithToken(TestIdentity.Department("traffic")).GetAsync($"/incidents/{id}/departments")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await api.ClientWithToken(TestIdentity.Department("traffic")).GetAsync($"/incidents/{Guid.NewGuid()}/departments")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Client.GetAsync($"/incidents/{Guid.NewGuid()}/departments")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Client.GetAsync("/departments/Police/incidents")).StatusCode);
    }

    [Fact]
    public async Task A_dispatcher_tasks_a_department_and_bad_requests_answer_problems()
    {
        await using var api = await ApiHost.StartAsync();
        var incident = await EmergencyPlanTests.Report(api, "disturbance");
        var id = (string)incident["id"]!;
        Assert.Empty((await api.GetJson($"/incidents/{id}/departments"))["tasks"]!.AsArray()); // no plan, no tasks

        var created = await api.Client.PostAsJsonAsync($"/incidents/{id}/department-tasks",
            new { department = "township-wuquan", steps = new[] { "派社区干部到场调解纠纷" }, note = "当事人为本镇居民" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var task = await api.Json(created);
        Assert.Equal(("dispatcher", "派社区干部到场调解纠纷", "当事人为本镇居民"),
            ((string)task["source"]!, (string)task["steps"]![0]!, (string)task["note"]!));
        var township = api.ClientWithToken(TestIdentity.Department("township-wuquan"));
        var mine = await api.Json(await township.GetAsync("/departments/township-wuquan/incidents"));
        Assert.Equal((string)task["id"]!, (string)mine["incidents"]![0]!["tasks"]![0]!["taskId"]!);

        var bad = await api.Client.PostAsJsonAsync($"/incidents/{id}/department-tasks", new { department = "Fire Brigade", steps = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["department", "steps"], (await api.Json(bad))["errors"]!.AsObject().Select(e => e.Key).Order());
        var unknown = await api.Client.PostAsJsonAsync($"/incidents/{id}/department-tasks", new { department = "police", steps = new[] { "x" } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await api.Client.PostAsJsonAsync($"/incidents/{Guid.NewGuid()}/department-tasks", new { department = "fire", steps = new[] { "x" } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsJsonAsync($"/incidents/{id}/close", new { reason = "已调解" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict,
            (await api.Client.PostAsJsonAsync($"/incidents/{id}/department-tasks", new { department = "fire", steps = new[] { "x" } })).StatusCode);
        Assert.Single((await api.GetJson($"/incidents/{id}/departments"))["tasks"]!.AsArray()); // the refusals wrote nothing
    }

    [Fact]
    public async Task The_shared_views_carry_no_personal_data_of_the_caller()
    {
        await using var api = await ApiHost.StartAsync();
        const string name = "欧阳秀英", phone = "13803954417", description = "报警人欧阳秀英称楼道起火";
        var incident = await EmergencyPlanTests.Report(api, "fire", new { name, phone }, description);
        var id = (string)incident["id"]!;
        Assert.Equal(name, (string)(await api.GetJson($"/incidents/{id}"))["caller"]!["name"]!); // stored whole

        var fire = api.ClientWithToken(TestIdentity.Department("fire"));
        foreach (var (client, url) in new[]
                 {
                     (fire, $"/incidents/{id}/departments"), (fire, "/departments/fire/incidents"),
                     (api.Client, $"/incidents/{id}/departments"), (api.Client, "/departments/health/incidents"),
                 })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            Assert.Contains("贾湖广场", text);
            foreach (var secret in new[] { "欧阳", "秀英", "4417", "3954", "楼道起火", "caller", "description" })
                Assert.DoesNotContain(secret, text);
        }
    }
}
