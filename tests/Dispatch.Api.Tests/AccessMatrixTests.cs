using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dispatch.Api.Access;
using Dispatch.Domain.Access;
using Xunit.Abstractions;

namespace Dispatch.Api.Tests;

/// <summary>
/// Walks every operation of the OpenAPI document with every role, as a JWT and (for machines) as an API key, and
/// with credentials that must not work, and checks each answer against <see cref="Table"/>: allowed means the
/// request got past authorization (anything but 401, 403, 429 or a 5xx), denied means 403, a bad credential 401.
/// Every refusal is sent twice, about a real record and about a made-up one, and must read the same.
/// </summary>
public class AccessMatrixTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>
    /// Who may call what. <c>field-unit:own</c>: a field unit, only about its own unit (or an incident it was sent to);
    /// <c>department:own</c>: a department caller, only about its own department's tasks (or an incident it has a task on);
    /// <c>dispatcher+duty-level</c>: only a dispatcher holding the duty-level grant. docs/access.md shows this table.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Table = new Dictionary<string, string>
    {
        ["POST /incidents"] = "dispatcher",
        ["GET /incidents/{id}"] = "dispatcher auditor inspector administrator field-unit:own",
        ["GET /incidents/{id}/events"] = "dispatcher auditor inspector administrator",
        ["POST /incidents/{id}/assignments"] = "dispatcher",
        ["POST /incidents/{id}/units/{unitId}/cancel"] = "dispatcher",
        ["POST /incidents/{id}/close"] = "dispatcher",
        ["POST /incidents/{id}/reopen"] = "dispatcher",
        ["GET /units"] = "dispatcher auditor inspector administrator",
        ["GET /units/{id}"] = "dispatcher auditor inspector administrator field-unit:own",
        ["POST /units/{id}/status"] = "dispatcher field-unit:own",
        ["POST /units/{id}/duty"] = "dispatcher field-unit:own",
        ["POST /units/{id}/position"] = "field-unit:own",
        ["POST /units/{id}/crew"] = "dispatcher",
        ["GET /reference/grids"] = "dispatcher auditor inspector administrator field-unit",
        ["GET /duty-level"] = "dispatcher auditor inspector administrator field-unit",
        ["POST /duty-level"] = "dispatcher+duty-level",
        ["POST /duty-level/peak-designations"] = "dispatcher+duty-level",
        ["GET /compliance/staffing"] = "dispatcher auditor inspector administrator",
        ["POST /check-ins"] = "field-unit:own",
        ["GET /patrol-points/{pointId}"] = "dispatcher auditor inspector administrator field-unit",
        ["GET /compliance/patrol"] = "dispatcher auditor inspector administrator",
        ["GET /peak-duty"] = "dispatcher auditor inspector administrator field-unit",
        ["POST /roll-calls"] = "dispatcher",
        ["POST /roll-calls/{id}/answers"] = "field-unit:own",
        ["GET /roll-calls/{id}"] = "dispatcher auditor inspector administrator field-unit",
        ["POST /inspections"] = "inspector",
        ["POST /inspections/{date}/findings"] = "inspector",
        ["GET /inspections/{date}"] = "dispatcher auditor inspector administrator",
        ["GET /reports/weekly"] = "dispatcher auditor inspector administrator",
        ["GET /reports/weekly.html"] = "dispatcher auditor inspector administrator",
        ["GET /analytics/response-times"] = "dispatcher auditor inspector administrator",
        ["GET /me"] = "dispatcher auditor inspector administrator field-unit integrator department device-gateway",
        ["POST /api-keys"] = "administrator",
        ["GET /api-keys"] = "administrator auditor",
        ["POST /api-keys/{id}/revoke"] = "administrator",
        ["GET /coverage"] = "dispatcher auditor inspector administrator",
        ["GET /coverage/isochrones"] = "dispatcher auditor inspector administrator",
        ["GET /audit/streams/{streamId}/events"] = "dispatcher auditor inspector administrator",
        ["GET /audit/streams/{streamId}/state"] = "dispatcher auditor inspector administrator",
        ["GET /patrol-points/{pointId}/events"] = "dispatcher auditor inspector administrator",
        ["GET /incidents/{id}/decisions/{decisionId}/replay"] = "dispatcher auditor inspector administrator",
        ["GET /audit/events"] = "dispatcher auditor inspector administrator",
        ["GET /audit/verify"] = "dispatcher auditor inspector administrator",
        ["POST /webhooks"] = "integrator",
        ["GET /webhooks"] = "dispatcher auditor inspector administrator integrator",
        ["DELETE /webhooks/{id}"] = "integrator",
        ["GET /webhooks/{id}/deliveries"] = "dispatcher auditor inspector administrator integrator",
        ["GET /feed"] = "integrator",
        ["GET /feed/stream"] = "integrator",
        ["GET /feed/contracts"] = "integrator",
        ["POST /emergency-plans"] = "dispatcher+duty-level",
        ["GET /emergency-plans"] = "dispatcher auditor inspector administrator",
        ["GET /emergency-plans/{id}"] = "dispatcher auditor inspector administrator",
        ["GET /emergency-plans/{id}/versions/{version}"] = "dispatcher auditor inspector administrator",
        ["POST /emergency-plans/{id}/revisions"] = "dispatcher+duty-level",
        ["POST /emergency-plans/{id}/feedback"] = "dispatcher inspector",
        ["POST /incidents/{id}/classification"] = "dispatcher",
        ["POST /incidents/{id}/department-tasks"] = "dispatcher",
        ["POST /incidents/{id}/department-tasks/{taskId}/acknowledge"] = "department:own",
        ["POST /incidents/{id}/department-tasks/{taskId}/complete"] = "department:own",
        ["GET /incidents/{id}/departments"] = "dispatcher auditor inspector administrator department:own",
        ["GET /departments/{code}/incidents"] = "dispatcher auditor inspector administrator department:own",
        ["GET /depots"] = "dispatcher auditor inspector administrator",
        ["GET /depots/{id}"] = "dispatcher auditor inspector administrator",
        ["POST /depots/{id}/receipts"] = "dispatcher administrator",
        ["POST /depots/{id}/write-offs"] = "dispatcher administrator",
        ["POST /incidents/{id}/material-allocations"] = "dispatcher",
        ["GET /incidents/{id}/material-allocations"] = "dispatcher auditor inspector administrator",
        ["POST /material-allocations/{id}/dispatches"] = "dispatcher",
        ["POST /material-allocations/{id}/returns"] = "dispatcher",
        ["POST /material-allocations/{id}/releases"] = "dispatcher",
        ["POST /relief-rounds"] = "dispatcher administrator",
        ["POST /relief-rounds/{id}/issues"] = "dispatcher administrator",
        ["GET /relief-rounds/{id}"] = "dispatcher auditor inspector administrator",
        ["POST /vulnerable-people"] = "dispatcher",
        ["GET /vulnerable-people"] = "dispatcher auditor inspector administrator",
        ["GET /vulnerable-people/{id}"] = "dispatcher auditor inspector administrator field-unit:own",
        ["PUT /vulnerable-people/{id}"] = "dispatcher",
        ["POST /vulnerable-people/{id}/deregister"] = "dispatcher",
        ["GET /vulnerable-people/{id}/whereabouts"] = "dispatcher auditor inspector administrator",
        ["POST /one-key-calls"] = "dispatcher device-gateway",
        ["POST /risk-alerts"] = "dispatcher",
        ["GET /risk-alerts/{id}"] = "dispatcher auditor inspector administrator",
        ["POST /risk-alerts/{id}/deliveries"] = "dispatcher",
        ["GET /shelters"] = "dispatcher auditor inspector administrator",
        ["GET /shelters/nearest"] = "dispatcher auditor inspector administrator",
        ["GET /shelters/{id}"] = "dispatcher auditor inspector administrator",
        ["POST /shelters/{id}/open"] = "dispatcher",
        ["POST /shelters/{id}/close"] = "dispatcher",
        ["POST /relocations"] = "dispatcher",
    };

    /// <summary>The identities walked; <c>Role</c> is what the table's entries name.</summary>
    private sealed record Caller(string Label, string Role, Action<HttpRequestMessage> Sign);

    /// <summary>The records a request is about: real ones, or made-up ones of the same shape.</summary>
    private sealed record Ids(Guid Incident, Guid Unit, Guid RollCall, Guid Key, string Point, string Date, Guid Decision, Guid Webhook,
        Guid Plan, Guid Task, string Department, Guid Depot, Guid Allocation, Guid Round, Guid Person);

    private ApiHost _api = null!;
    private HttpClient _http = null!;
    private Ids _real = null!, _madeUp = null!;
    private Guid _otherUnit;
    private readonly List<Caller> _allowedOrDenied = [];
    private readonly List<Caller> _refused = [];

    private static Action<HttpRequestMessage> Bearer(string token) => r => r.Headers.Authorization = new("Bearer", token);
    private static Action<HttpRequestMessage> Key(string key) => r => r.Headers.Add(ApiKeys.Header, key);

    public async Task InitializeAsync()
    {
        _api = await ApiHost.StartAsync();
        _http = _api.Anonymous();
        // The first incident is a one-key call of a registered person: its unit may read that person, and no other unit may.
        var person = await _api.Json(await _api.Client.PostAsJsonAsync("/vulnerable-people", new
        {
            name = "权限测试老人", phone = "13903950000", address = "贾湖广场旁", householdCode = "410721-9999",
            location = new { lat = 33.4456646, lon = 113.6189944, datum = "WGS-84" },
        }));
        var jiahu = await _api.Json(await _api.Client.PostAsJsonAsync("/one-key-calls", new { personId = (string)person["id"]! }));
        var own = Guid.Parse((string)jiahu["decisions"]![0]!["chosenUnitId"]!);
        _otherUnit = Guid.Parse((string)(await _api.GetJson("/units")).AsArray().First(u => (string)u!["id"]! != own.ToString())!["id"]!);
        var rollCall = await _api.Json(await _api.Client.PostAsJsonAsync("/roll-calls", new { note = "权限测试" }));
        var date = _api.Clock.GetCurrentInstant().InZone(Dispatch.Domain.Time.PeakHours.China).Date.ToString("yyyy-MM-dd", null);
        Assert.True((await _api.Client.PostAsJsonAsync("/inspections", new { date })).IsSuccessStatusCode);
        var (_, keyId) = await _api.IssueApiKey("real key to name in paths", [Roles.Auditor]);
        // A webhook of another integrator: to the integrators walked here it is as unknown as a made-up one.
        var webhook = await _api.ClientWithToken(TestIdentity.Token(new TokenClaims("another-integrator", [Roles.Integrator],
                Contracts: ["incident.reported.v1"])))
            .PostAsJsonAsync("/webhooks", new { url = "https://receiver.example/hook", secret = "a-secret-of-sixteen-or-more" });
        Assert.Equal(HttpStatusCode.Created, webhook.StatusCode);
        var plan = (await _api.GetJson("/emergency-plans")).AsArray().First()!;
        var task = await _api.Json(await _api.Client.PostAsJsonAsync($"/incidents/{jiahu["id"]}/department-tasks",
            new { department = "fire", steps = new[] { "派员到场" } }));
        var depot = Guid.Parse((string)(await _api.GetJson("/depots"))[0]!["id"]!);
        var allocation = await _api.Client.PostAsJsonAsync($"/incidents/{jiahu["id"]}/material-allocations",
            new { lines = new[] { new { item = "sandbag", quantity = 10 } } });
        Assert.Equal(HttpStatusCode.Created, allocation.StatusCode);
        var round = await _api.Client.PostAsJsonAsync("/relief-rounds",
            new { name = "2026年冬季寒潮救助", item = "cotton-quilt", quantityPerRecipient = 1, depotId = depot });
        Assert.Equal(HttpStatusCode.Created, round.StatusCode);
        _real = new Ids(Guid.Parse((string)jiahu["id"]!), own, Guid.Parse((string)rollCall["id"]!), keyId, "jiahu-square", date,
            Guid.Parse((string)jiahu["decisions"]![0]!["decisionId"]!), Guid.Parse((string)(await _api.Json(webhook))["id"]!),
            Guid.Parse((string)plan["id"]!), Guid.Parse((string)task["id"]!), "fire",
            depot, Guid.Parse((string)(await _api.Json(allocation))["id"]!), Guid.Parse((string)(await _api.Json(round))["id"]!),
            Guid.Parse((string)person["id"]!));
        _madeUp = new Ids(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), "no-such-point", "2001-01-01",
            Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), "township-nowhere",
            Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());

        var (fieldKey, _) = await _api.IssueApiKey("网格7-1 警务通", [Roles.FieldUnit], own);
        var (integratorKey, _) = await _api.IssueApiKey("110 平台", [Roles.Integrator], contracts: ["incident-reported.v1"]);
        var (revokedKey, revokedId) = await _api.IssueApiKey("lost tablet", [Roles.FieldUnit, Roles.Dispatcher, Roles.Auditor], own);
        Assert.Equal(HttpStatusCode.OK, (await _api.Client.PostAsJsonAsync($"/api-keys/{revokedId}/revoke", new { reason = "丢失" })).StatusCode);

        foreach (var role in Roles.All.Where(r => r is not (Roles.FieldUnit or Roles.Department)))
            _allowedOrDenied.Add(new Caller($"{role} (JWT)", role, Bearer(TestIdentity.As(role))));
        _allowedOrDenied.Add(new Caller("dispatcher+duty-level (JWT)", "dispatcher+duty-level",
            Bearer(TestIdentity.Token(new TokenClaims("granted-dispatcher", [Roles.Dispatcher], Grants: [Grants.DutyLevel])))));
        _allowedOrDenied.Add(new Caller("field-unit (JWT)", Roles.FieldUnit, Bearer(TestIdentity.As(Roles.FieldUnit, own))));
        _allowedOrDenied.Add(new Caller("field-unit (API key)", Roles.FieldUnit, Key(fieldKey)));
        _allowedOrDenied.Add(new Caller("integrator (API key)", Roles.Integrator, Key(integratorKey)));
        _allowedOrDenied.Add(new Caller("department fire (JWT)", Roles.Department, Bearer(TestIdentity.Department("fire"))));
        var (gatewayKey, _) = await _api.IssueApiKey("一键呼叫网关", [Roles.DeviceGateway]);
        _allowedOrDenied.Add(new Caller("device-gateway (API key)", Roles.DeviceGateway, Key(gatewayKey)));

        var everything = new TokenClaims("would-be-everyone", Roles.All, [own], [Grants.DutyLevel]);
        _refused.Add(new Caller("no credentials", "", _ => { }));
        _refused.Add(new Caller("expired token", "", Bearer(TestIdentity.Token(everything, expires: DateTime.UtcNow.AddMinutes(-10)))));
        _refused.Add(new Caller("wrong-audience token", "", Bearer(TestIdentity.Token(everything, audience: "another-system"))));
        _refused.Add(new Caller("wrong-issuer token", "", Bearer(TestIdentity.Token(everything, issuer: "https://idp.elsewhere"))));
        _refused.Add(new Caller("token signed by another key", "", Bearer(TestIdentity.Token(everything, key: ECDsa.Create(ECCurve.NamedCurves.nistP256)))));
        _refused.Add(new Caller("revoked key", "", Key(revokedKey)));
        _refused.Add(new Caller("unknown key", "", Key($"wyk_{Guid.NewGuid():N}_{Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))}")));
        _refused.Add(new Caller("malformed key", "", Key("let-me-in")));
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private static string Path(string template, Ids ids) => !template.Contains("{id}") ? Fill(template, ids) : Fill(template, ids)
        .Replace("{id}", template.Split('/')[1] switch
        {
            "incidents" => ids.Incident.ToString(),
            "units" => ids.Unit.ToString(),
            "roll-calls" => ids.RollCall.ToString(),
            "api-keys" => ids.Key.ToString(),
            "webhooks" => ids.Webhook.ToString(),
            "emergency-plans" => ids.Plan.ToString(),
            "depots" => ids.Depot.ToString(),
            "material-allocations" => ids.Allocation.ToString(),
            "relief-rounds" => ids.Round.ToString(),
            // Records of their own kinds are not needed here: an allowed caller's 404 is past authorization too.
            "vulnerable-people" => ids.Person.ToString(),
            "risk-alerts" or "shelters" => ids.Incident.ToString(),
            var other => throw new InvalidOperationException($"no id for /{other}"),
        });

    private static string Fill(string template, Ids ids) =>
        template.Replace("{unitId}", ids.Unit.ToString()).Replace("{streamId}", ids.Incident.ToString())
            .Replace("{decisionId}", ids.Decision.ToString()).Replace("{pointId}", ids.Point).Replace("{date}", ids.Date)
            .Replace("{taskId}", ids.Task.ToString()).Replace("{code}", ids.Department).Replace("{version}", "1");

    /// <summary>An empty object reaches each endpoint's own checks; where the unit is in the body, name it.</summary>
    private object Body(string operation, Ids ids) => operation switch
    {
        "POST /check-ins" => new
        {
            items = new[] { new { clientId = Guid.NewGuid().ToString("N"), unitId = ids.Unit, pointId = "jiahu-square",
                deviceTime = _api.Clock.GetCurrentInstant().ToString() } },
        },
        "POST /roll-calls/{id}/answers" => new { unitId = ids.Unit },
        _ => new { },
    };

    private async Task<(HttpStatusCode Status, string Body, string Challenge)> Send(string operation, Ids ids, Caller caller)
    {
        var (method, template) = (operation.Split(' ')[0], operation.Split(' ')[1]);
        using var request = new HttpRequestMessage(new HttpMethod(method), Path(template, ids));
        if (method is "POST" or "PUT") request.Content = JsonContent.Create(Body(operation, ids));
        caller.Sign(request);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        // A live stream never ends: that it started is the answer.
        var text = response.Content.Headers.ContentType?.MediaType == "text/event-stream" ? "(event stream)"
            : await response.Content.ReadAsStringAsync();
        // The trace id differs per request by design; everything else of a refusal must not.
        var body = text.StartsWith('{') && JsonNode.Parse(text) is JsonObject problem && problem.Remove("traceId") ? problem.ToJsonString() : text;
        return (response.StatusCode, body, string.Join(", ", response.Headers.WwwAuthenticate));
    }

    [Fact]
    public async Task Every_endpoint_answers_every_role_and_every_bad_credential_as_the_table_says()
    {
        var document = await _api.GetJson("/openapi/v1.json");
        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => $"{op.Key.ToUpperInvariant()} {path.Key}")).Order().ToList();
        Assert.Equal(Table.Keys.Order(), operations); // an endpoint missing from the table, or a row without an endpoint, fails here

        var failures = new List<string>();
        var requests = 0;
        void Expect(bool ok, string what) { if (!ok) failures.Add(what); }
        static bool PastAuthorization(HttpStatusCode s) => s is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            or HttpStatusCode.TooManyRequests) && (int)s < 500;
        var hasIds = (string operation) => operation.Contains('{') || operation is "POST /check-ins";
        var otherUnitsDevice = Bearer(TestIdentity.As(Roles.FieldUnit, _otherUnit));
        var otherDepartment = Bearer(TestIdentity.Department("traffic"));

        foreach (var operation in operations)
        {
            var allowed = Table[operation].Split(' ');
            foreach (var caller in _allowedOrDenied)
            {
                var entry = allowed.FirstOrDefault(a => a == caller.Role || a == caller.Role + ":own"
                                                        || (caller.Role == "dispatcher+duty-level" && a == Roles.Dispatcher));
                var real = await Send(operation, _real, caller);
                requests++;
                if (entry is null)
                {
                    Expect(real.Status == HttpStatusCode.Forbidden, $"{operation} as {caller.Label}: {(int)real.Status}, want 403");
                    if (hasIds(operation))
                    {
                        var madeUp = await Send(operation, _madeUp, caller);
                        requests++;
                        Expect(madeUp == real, $"{operation} as {caller.Label}: a made-up id got {(int)madeUp.Status} {madeUp.Body}, a real one {(int)real.Status} {real.Body}");
                    }
                    continue;
                }
                Expect(PastAuthorization(real.Status), $"{operation} as {caller.Label}: {(int)real.Status} {real.Body}, want allowed");
                if (!entry.EndsWith(":own")) continue;
                // Only its own: the same request by another unit's device is a 403, and so is one about a made-up record.
                var otherUnit = await Send(operation, _real, caller with { Sign = caller.Role == Roles.Department ? otherDepartment : otherUnitsDevice });
                var madeUpOwn = await Send(operation, _madeUp, caller);
                requests += 2;
                Expect(otherUnit.Status == HttpStatusCode.Forbidden, $"{operation} as another unit's {caller.Label}: {(int)otherUnit.Status}, want 403");
                Expect(madeUpOwn == otherUnit, $"{operation} as {caller.Label} about made-up records: {(int)madeUpOwn.Status} {madeUpOwn.Body}, want the same as another unit's {(int)otherUnit.Status} {otherUnit.Body}");
            }
            foreach (var caller in _refused)
            {
                var real = await Send(operation, _real, caller);
                var madeUp = await Send(operation, _madeUp, caller);
                requests += 2;
                Expect(real.Status == HttpStatusCode.Unauthorized, $"{operation} with {caller.Label}: {(int)real.Status}, want 401");
                Expect(madeUp == real, $"{operation} with {caller.Label}: a made-up id got {(int)madeUp.Status} {madeUp.Body}, a real one {(int)real.Status} {real.Body}");
            }
        }
        output.WriteLine($"{operations.Count} operations, {_allowedOrDenied.Count + _refused.Count} callers, {requests} requests");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task The_refusals_are_problem_documents_that_name_no_record()
    {
        var anonymous = await _api.Anonymous().GetAsync($"/incidents/{_real.Incident}");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        Assert.Contains(anonymous.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        var text = await anonymous.Content.ReadAsStringAsync();
        Assert.Equal("unauthenticated", (string)JsonNode.Parse(text)!["title"]!);
        Assert.DoesNotContain(_real.Incident.ToString(), text);

        var auditor = await _api.ClientAs(Roles.Auditor).PostAsJsonAsync($"/incidents/{_real.Incident}/close", new { reason = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, auditor.StatusCode);
        var forbidden = await auditor.Content.ReadAsStringAsync();
        Assert.Equal("forbidden", (string)JsonNode.Parse(forbidden)!["title"]!);
        Assert.DoesNotContain(_real.Incident.ToString(), forbidden);
        // The auditor wrote nothing.
        Assert.Equal("dispatched", (string)(await _api.GetJson($"/incidents/{_real.Incident}"))["status"]!);
    }

    [Fact]
    public async Task The_table_in_docs_is_the_table_of_this_test()
    {
        var docs = await File.ReadAllTextAsync(System.IO.Path.Combine(Repository.Root(), "docs", "access.md"));
        var expected = RenderTable();
        Assert.True(docs.Contains(expected), $"docs/access.md should contain this table, as the test has it:\n{expected}");
    }

    /// <summary>The table as markdown, one column per role.</summary>
    public static string RenderTable()
    {
        string[] columns = ["dispatcher", "field-unit", "auditor", "integrator", "inspector", "administrator", "department", "device-gateway"];
        var text = new StringBuilder("| endpoint | " + string.Join(" | ", columns) + " |\n|---|" + string.Concat(columns.Select(_ => "---|")) + "\n");
        foreach (var (operation, who) in Table)
        {
            var entries = who.Split(' ');
            text.Append($"| `{operation}` |");
            foreach (var column in columns)
                text.Append(' ').Append(column switch
                {
                    _ when entries.Contains(column) => "yes",
                    "department" when entries.Contains("department:own") => "own department",
                    _ when entries.Contains(column + ":own") => "own unit",
                    "dispatcher" when entries.Contains("dispatcher+duty-level") => "if granted",
                    _ => "-",
                }).Append(" |");
            text.Append('\n');
        }
        return text.ToString();
    }
}
