using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marten;
using Xunit.Abstractions;

namespace Dispatch.Api.Tests;

/// <summary>
/// The hostile corpus (<see cref="HostileCorpus"/>) against every write endpoint of issue 7: emergency plans, incident
/// classification, department tasks, depots and allocations, relief rounds, the care registry, one-key calls, risk alerts,
/// shelters and relocations. Every request carries its own correlation id, which the store records on each event the
/// request appends, so "nothing written without a 2xx" is checked request by request, however they interleave.
/// </summary>
public class HostileCareAndPlansTests(ITestOutputHelper output)
{
    private const double Lat = 33.4456646, Lon = 113.6189944; // 贾湖广场
    private const string JiahuShelter = "97e08f9b-0748-5cbf-a7e3-e93657470ec5";
    private const string ChangjianShelter = "3275e264-4146-5785-9d94-4488546abe96";
    private static JsonObject Location() => new() { ["lat"] = Lat, ["lon"] = Lon, ["datum"] = "WGS-84" };

    private static JsonObject Person(string deviceId, Guid? id = null) => new()
    {
        ["id"] = id?.ToString(), ["name"] = "司马秀英", ["phone"] = "13903957712", ["address"] = "舞阳县舞泉镇贾湖路18号", ["location"] = Location(),
        ["householdCode"] = "410721-0001", ["needs"] = new JsonArray("mobility", "oxygen"), ["notes"] = "独居，需每日吸氧",
        ["contacts"] = new JsonArray(new JsonObject { ["name"] = "司马建军", ["relation"] = "儿子", ["phone"] = "13703957788" }),
        ["deviceId"] = deviceId,
    };

    private static async Task<JsonNode> Post(ApiHost api, string path, JsonNode body)
    {
        var response = await api.Client.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await api.Json(response);
    }

    [Fact]
    public async Task Hostile_requests_to_the_plan_department_material_and_relief_endpoints_get_no_5xx_and_write_only_what_they_answer()
    {
        await using var api = await ApiHost.StartAsync();
        var incident = await EmergencyPlanTests.Report(api, "fire");
        var incidentId = (string)incident["id"]!;
        var plan = await EmergencyPlanTests.PlanFor(api, "fire");
        var planId = (string)plan["id"]!;
        var departments = await api.GetJson($"/incidents/{incidentId}/departments");
        var fireTask = (string)departments["tasks"]!.AsArray().First(t => (string)t!["department"]! == "fire")!["taskId"]!;
        var depot = (string)(await api.GetJson("/depots")).AsArray()[0]!["id"]!;
        var allocation = await Post(api, $"/incidents/{incidentId}/material-allocations",
            new JsonObject { ["lines"] = new JsonArray(new JsonObject { ["item"] = "fire-extinguisher", ["quantity"] = 2 }) });
        var allocationId = (string)allocation["id"]!;
        var round = await Post(api, "/relief-rounds", new JsonObject
        {
            ["name"] = "寒潮救助", ["item"] = "cotton-quilt", ["quantityPerRecipient"] = 1, ["depotId"] = depot,
        });
        var person = await Post(api, "/vulnerable-people", Person("YJHJ-H1"));
        JsonArray DepotLines() => new(new JsonObject { ["depotId"] = depot, ["item"] = "fire-extinguisher", ["quantity"] = 1 });

        var endpoints = new Dictionary<string, (string, JsonObject)>
        {
            ["publish-plan"] = ("/emergency-plans", new JsonObject
            {
                ["code"] = "landslide", ["title"] = "山体滑坡应急预案", ["steps"] = new JsonArray("疏散群众", "封闭道路"),
                ["departments"] = new JsonArray(new JsonObject { ["department"] = "fire", ["steps"] = new JsonArray("搜救") }),
                ["materials"] = new JsonObject
                {
                    ["small"] = new JsonArray(new JsonObject { ["item"] = "sandbag", ["quantity"] = 10 }),
                    ["large"] = new JsonArray(), ["major"] = new JsonArray(),
                },
            }),
            ["revise-plan"] = ($"/emergency-plans/{planId}/revisions", new JsonObject
            {
                ["reason"] = "演练发现问题", ["trigger"] = "drill", ["feedbackIds"] = new JsonArray(), ["expectedVersion"] = 1,
                ["title"] = "火灾应急预案", ["steps"] = new JsonArray("报警", "疏散"),
                ["departments"] = new JsonArray(new JsonObject { ["department"] = "fire", ["steps"] = new JsonArray("灭火") }),
            }),
            ["plan-feedback"] = ($"/emergency-plans/{planId}/feedback", new JsonObject
            {
                ["id"] = Guid.NewGuid().ToString(), ["source"] = "incident", ["incidentId"] = incidentId, ["lessons"] = new JsonArray("通道堵塞"),
            }),
            ["classification"] = ($"/incidents/{incidentId}/classification", new JsonObject { ["type"] = "fire", ["scale"] = "large", ["reason"] = "火势扩大" }),
            ["department-task"] = ($"/incidents/{incidentId}/department-tasks", new JsonObject
            {
                ["department"] = "health", ["steps"] = new JsonArray("派救护车"), ["note"] = "有伤员",
            }),
            ["acknowledge-task"] = ($"/incidents/{incidentId}/department-tasks/{fireTask}/acknowledge", new JsonObject { ["note"] = "收到" }),
            ["complete-task"] = ($"/incidents/{incidentId}/department-tasks/{fireTask}/complete", new JsonObject { ["note"] = "已扑灭" }),
            ["receipt"] = ($"/depots/{depot}/receipts", new JsonObject
            {
                ["lines"] = new JsonArray(new JsonObject { ["item"] = "sandbag", ["quantity"] = 5 }), ["note"] = "调拨",
            }),
            ["write-off"] = ($"/depots/{depot}/write-offs", new JsonObject
            {
                ["lines"] = new JsonArray(new JsonObject { ["item"] = "sandbag", ["quantity"] = 1 }), ["reason"] = "破损",
            }),
            ["allocate"] = ($"/incidents/{incidentId}/material-allocations", new JsonObject
            {
                ["id"] = Guid.NewGuid().ToString(), ["lines"] = new JsonArray(new JsonObject { ["item"] = "fire-extinguisher", ["quantity"] = 1 }),
            }),
            ["dispatch-allocation"] = ($"/material-allocations/{allocationId}/dispatches", new JsonObject { ["lines"] = DepotLines() }),
            ["return-allocation"] = ($"/material-allocations/{allocationId}/returns", new JsonObject { ["lines"] = DepotLines(), ["note"] = "用剩" }),
            ["release-allocation"] = ($"/material-allocations/{allocationId}/releases", new JsonObject { ["lines"] = DepotLines(), ["reason"] = "不需要" }),
            ["relief-round"] = ("/relief-rounds", new JsonObject
            {
                ["name"] = "冬季救助", ["item"] = "cotton-quilt", ["quantityPerRecipient"] = 1, ["depotId"] = depot, ["note"] = "独居优先",
                ["id"] = Guid.NewGuid().ToString(),
            }),
            ["relief-issue"] = ($"/relief-rounds/{(string)round["id"]!}/issues", new JsonObject
            {
                ["personId"] = (string)person["id"]!, ["householdCode"] = "410721-0002", ["note"] = "送到家",
            }),
        };
        await RunCorpus(api, endpoints, seed: 20261205, clientFor: name => name.EndsWith("-task") && name != "department-task"
            ? api.ClientWithToken(TestIdentity.Department("fire"))
            : api.Client);
    }

    [Fact]
    public async Task Hostile_requests_to_the_care_registry_one_key_alert_shelter_and_relocation_endpoints_get_no_5xx_and_write_only_what_they_answer()
    {
        await using var api = await ApiHost.StartAsync();
        var person = (string)(await Post(api, "/vulnerable-people", Person("YJHJ-H1")))["id"]!;
        var leaving = (string)(await Post(api, "/vulnerable-people", Person("YJHJ-H2")))["id"]!;
        await Post(api, $"/shelters/{JiahuShelter}/open", new JsonObject { ["reason"] = "暴雨转移" });
        var alert = await Post(api, "/risk-alerts", new JsonObject
        {
            ["hazard"] = "flood", ["message"] = "暴雨红色预警",
            ["area"] = new JsonObject { ["centre"] = Location(), ["radiusMetres"] = 500 },
        });

        var endpoints = new Dictionary<string, (string, JsonObject)>
        {
            ["register"] = ("/vulnerable-people", Person("YJHJ-H3", Guid.NewGuid())),
            ["update"] = ($"/vulnerable-people/{person}", (JsonObject)Person("YJHJ-H1").Also(p => p["expectedVersion"] = 1)),
            ["deregister"] = ($"/vulnerable-people/{leaving}/deregister", new JsonObject { ["reason"] = "搬离本县" }),
            ["one-key-call"] = ("/one-key-calls", new JsonObject
            {
                ["deviceId"] = "YJHJ-H1", ["requestId"] = "press-1", ["location"] = Location(),
            }),
            ["one-key-call-by-person"] = ("/one-key-calls", new JsonObject { ["personId"] = person, ["requestId"] = "press-2" }),
            ["risk-alert"] = ("/risk-alerts", new JsonObject
            {
                ["hazard"] = "flood", ["message"] = "暴雨红色预警",
                ["area"] = new JsonObject { ["polygon"] = new JsonArray(
                    new JsonObject { ["lat"] = 33.44, ["lon"] = 113.61, ["datum"] = "WGS-84" },
                    new JsonObject { ["lat"] = 33.45, ["lon"] = 113.61, ["datum"] = "WGS-84" },
                    new JsonObject { ["lat"] = 33.45, ["lon"] = 113.63, ["datum"] = "WGS-84" }) },
            }),
            ["alert-delivery"] = ($"/risk-alerts/{(string)alert["id"]!}/deliveries", new JsonObject
            {
                ["personId"] = person, ["status"] = "delivered", ["channel"] = "sms", ["note"] = "已读",
            }),
            ["open-shelter"] = ($"/shelters/{JiahuShelter}/open", new JsonObject { ["reason"] = "暴雨转移" }),
            ["close-shelter"] = ($"/shelters/{ChangjianShelter}/close", new JsonObject { ["reason"] = "满员" }),
            ["relocate"] = ("/relocations", new JsonObject
            {
                ["personId"] = person, ["shelterId"] = JiahuShelter, ["destination"] = "shelter", ["reason"] = "暴雨转移",
            }),
        };
        await RunCorpus(api, endpoints, seed: 20261206,
            clientFor: _ => api.Client, methodFor: name => name == "update" ? HttpMethod.Put : HttpMethod.Post);
    }

    private async Task RunCorpus(ApiHost api, Dictionary<string, (string, JsonObject)> endpoints, int seed,
        Func<string, HttpClient> clientFor, Func<string, HttpMethod>? methodFor = null)
    {
        var corpus = HostileCorpus.Build(endpoints, seed);
        var run = $"h{seed}-";
        using var gate = new SemaphoreSlim(8);
        var results = await Task.WhenAll(corpus.Select(async (request, index) =>
        {
            await gate.WaitAsync();
            try
            {
                var content = new ByteArrayContent(request.Body);
                if (request.ContentType is not null) content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType);
                using var message = new HttpRequestMessage(methodFor?.Invoke(request.Endpoint) ?? HttpMethod.Post, request.Path) { Content = content };
                message.Headers.Add("X-Correlation-Id", run + index);
                var response = await clientFor(request.Endpoint).SendAsync(message);
                return (request, correlation: run + index, status: (int)response.StatusCode, type: response.Content.Headers.ContentType?.MediaType);
            }
            finally { gate.Release(); }
        }));

        var failures = new List<string>();
        var counts = new Dictionary<int, int>();
        foreach (var (request, _, status, type) in results)
        {
            counts[status] = counts.GetValueOrDefault(status) + 1;
            if (status >= 500) failures.Add($"{status} {request.Endpoint} {request.What}");
            // Kestrel itself refuses a NUL in the request target before any of our code runs: a bare 400.
            else if (status >= 400 && status != 404 && type != "application/problem+json" && !request.Path.Contains("%00"))
                failures.Add($"{status} without problem details: {request.Endpoint} {request.What} ({type})");
        }
        output.WriteLine($"{corpus.Count} requests: " + string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Value}x{c.Key}")));
        foreach (var group in results.GroupBy(r => r.request.Endpoint))
            output.WriteLine($"  {group.Key}: " + string.Join(", ", group.GroupBy(r => r.status).OrderBy(g => g.Key).Select(g => $"{g.Count()}x{g.Key}")));

        // Nothing written without a 2xx: every event the corpus appended carries the correlation id of a request answered 2xx.
        await using var session = api.Store.QuerySession();
        var written = (await session.Events.QueryAllRawEvents().ToListAsync())
            .Where(e => e.CorrelationId?.StartsWith(run, StringComparison.Ordinal) == true)
            .GroupBy(e => e.CorrelationId!).ToDictionary(g => g.Key, g => g.Select(e => e.EventTypeName).Distinct().ToList());
        foreach (var (request, correlation, status, _) in results)
            if (status is < 200 or >= 300 && written.TryGetValue(correlation, out var types))
                failures.Add($"{status} but wrote {string.Join(",", types)}: {request.Endpoint} {request.What}");
        foreach (var failure in failures.Take(60)) output.WriteLine(failure);
        Assert.Empty(failures);
        // The check can fail: the valid requests did write, under their own correlation ids.
        Assert.True(written.Count >= endpoints.Count / 2, $"only {written.Count} requests wrote anything");
    }
}

internal static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject node, Action<JsonObject> change)
    {
        change(node);
        return node;
    }
}
