using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Access;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Api.Tests;

/// <summary>What the access table alone cannot show: a unit's device acting only for its unit, the actor, keys, limits.</summary>
public class AccessTests
{
    private static readonly Guid Grid7Car = Guid.Parse("01a22ee6-b000-7000-8000-000000000007");
    private static readonly Guid Grid1Car = Guid.Parse("01a22ee6-b000-7000-8000-000000000001");

    private static async Task<int> StreamLength(ApiHost api, Guid id)
    {
        await using var session = api.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(id)).Count;
    }

    private static object CheckIn(string clientId, Guid unit, ApiHost api) =>
        new { clientId, unitId = unit, pointId = "jiahu-square", deviceTime = api.Clock.GetCurrentInstant().ToString() };

    [Fact]
    public async Task A_field_unit_cannot_change_another_units_status_or_check_in_for_it()
    {
        await using var api = await ApiHost.StartAsync();
        var incident = await api.Json(await api.PostIncident(Incident.At(33.4456646, 113.6189944, address: "贾湖广场")));
        var incidentId = (string)incident["id"]!;
        Assert.Equal(Grid7Car.ToString(), (string)incident["decisions"]![0]!["chosenUnitId"]!);
        var rollCall = (string)(await api.Json(await api.Client.PostAsJsonAsync("/roll-calls", new { note = "点名" })))["id"]!;
        var (grid1Key, grid1KeyId) = await api.IssueApiKey("网格1-1 警务通", [Roles.FieldUnit], Grid1Car);
        var grid7Before = await StreamLength(api, Grid7Car);

        foreach (var grid1Device in new[] { api.ClientAs(Roles.FieldUnit, Grid1Car, "device-grid1"), api.ClientWithApiKey(grid1Key) })
        {
            // Grid 1's device about grid 7's car, which is on an assignment it could otherwise acknowledge: refused, every way.
            Assert.Equal(HttpStatusCode.Forbidden,
                (await grid1Device.PostAsJsonAsync($"/units/{Grid7Car}/status", new { status = "acknowledged", incidentId })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden,
                (await grid1Device.PostAsJsonAsync($"/units/{Grid7Car}/duty", new { status = "on-break", reason = "用餐" })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden,
                (await grid1Device.PostAsJsonAsync($"/units/{Grid7Car}/position", new { lat = 33.44, lon = 113.60, datum = "WGS-84" })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden,
                (await grid1Device.PostAsJsonAsync($"/roll-calls/{rollCall}/answers", new { unitId = Grid7Car })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden,
                (await grid1Device.PostAsJsonAsync("/check-ins", new { items = new[] { CheckIn("for-grid7", Grid7Car, api) } })).StatusCode);
            // One foreign item refuses the whole batch: its own item is not stored either.
            Assert.Equal(HttpStatusCode.Forbidden, (await grid1Device.PostAsJsonAsync("/check-ins",
                new { items = new[] { CheckIn("own-1", Grid1Car, api), CheckIn("for-grid7-2", Grid7Car, api) } })).StatusCode);
            // Nor may it read grid 7's car or the incident grid 7 was sent to.
            Assert.Equal(HttpStatusCode.Forbidden, (await grid1Device.GetAsync($"/units/{Grid7Car}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await grid1Device.GetAsync($"/incidents/{incidentId}")).StatusCode);
        }
        Assert.Equal(grid7Before, await StreamLength(api, Grid7Car));
        Assert.Empty((await api.GetJson("/patrol-points/jiahu-square"))["visits"]!.AsArray());
        Assert.DoesNotContain((await api.GetJson($"/roll-calls/{rollCall}"))["posts"]!.AsArray(), p => p!["answeredAt"] is not null);

        // Grid 7's own device may, and the events name it as the actor.
        var grid7Device = api.ClientAs(Roles.FieldUnit, Grid7Car, "WY0707");
        Assert.Equal(HttpStatusCode.OK, (await grid7Device.GetAsync($"/incidents/{incidentId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK,
            (await grid7Device.PostAsJsonAsync($"/units/{Grid7Car}/status", new { status = "acknowledged", incidentId })).StatusCode);
        var checkedIn = await api.Json(await grid7Device.PostAsJsonAsync("/check-ins", new { items = new[] { CheckIn("own-7", Grid7Car, api) } }));
        Assert.Equal(1, (int)checkedIn["stored"]!);
        var events = (await api.GetJson($"/incidents/{incidentId}/events")).AsArray();
        Assert.Equal("WY0707", (string)events.Single(e => (string)e!["type"]! == "unit_acknowledged.v1")!["actor"]!);
        var visit = (await api.GetJson("/patrol-points/jiahu-square"))["visits"]!.AsArray().Single()!;
        Assert.Equal(Grid7Car.ToString(), (string)visit["unitId"]!);

        // Grid 1's key acts for grid 1: its fix is recorded with the key as the actor.
        var moved = await api.ClientWithApiKey(grid1Key).PostAsJsonAsync($"/units/{Grid1Car}/position", new { lat = 33.4380000, lon = 113.6017705, datum = "WGS-84" });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        await using var session = api.Store.QuerySession();
        var last = (await session.Events.FetchStreamAsync(Grid1Car)).Last();
        Assert.Equal(ApiKeys.ActorOf(grid1KeyId), ((Dispatch.Domain.IDispatchEvent)last.Data).Actor);
    }

    [Fact]
    public async Task The_actor_is_the_authenticated_identity_never_what_the_request_says_about_itself()
    {
        await using var api = await ApiHost.StartAsync();
        var dispatcher = api.ClientAs(Roles.Dispatcher, subject: "WY0123");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/incidents")
        {
            Content = JsonContent.Create(new
            {
                type = "disturbance", priority = 2, location = new { lat = 33.4456646, lon = 113.6189944, datum = "WGS-84" },
                actor = "局长", reportedBy = "局长",
            }),
        };
        request.Headers.Add("X-Actor", "chief-of-police");
        var reported = await api.Json(await dispatcher.SendAsync(request));
        Assert.Equal("WY0123", (string)reported["reportedBy"]!);
        var events = (await api.GetJson($"/incidents/{reported["id"]}/events")).AsArray();
        Assert.Equal(3, events.Count); // reported, dispatched, assigned
        Assert.All(events, e => Assert.Equal("WY0123", (string)e!["actor"]!));

        var me = await api.Json(await dispatcher.GetAsync("/me"));
        Assert.Equal("WY0123", (string)me["actor"]!);
        Assert.Equal("bearer", (string)me["credential"]!);
        Assert.Equal([Roles.Dispatcher], me["roles"]!.AsArray().Select(r => (string)r!));
    }

    [Fact]
    public async Task A_revoked_key_is_refused_at_once_by_every_process_and_keys_are_kept_as_hashes()
    {
        await using var a = await ApiHost.StartAsync();
        await using var b = await ApiHost.StartAsync(schema: a.Schema); // a second API on the same database
        var (key, id) = await a.IssueApiKey("110 平台", [Roles.Integrator], contracts: ["incident-reported.v1", "unit-dispatched.v1"]);

        var me = await b.Json(await b.ClientWithApiKey(key).GetAsync("/me"));
        Assert.Equal(ApiKeys.ActorOf(id), (string)me["actor"]!);
        Assert.Equal("api-key", (string)me["credential"]!);
        Assert.Equal("110 平台", (string)me["name"]!);
        Assert.Equal(["incident-reported.v1", "unit-dispatched.v1"], me["contracts"]!.AsArray().Select(c => (string)c!));
        // An integrator reads the feed (issue 6), not the board.
        Assert.Equal(HttpStatusCode.Forbidden, (await b.ClientWithApiKey(key).GetAsync("/units")).StatusCode);

        // The store keeps the SHA-256 of the secret, not the key; the list shows neither.
        await using (var session = a.Store.QuerySession())
        {
            // wyk_<32 hex digits of the key id>_<secret>
            var stored = (await session.LoadAsync<ApiKeyState>(id))!;
            Assert.DoesNotContain(stored.SecretSha256, key);
            Assert.Equal(stored.SecretSha256, ApiKeys.Hash(key[37..]));
        }
        var listed = await a.GetJson("/api-keys");
        Assert.DoesNotContain(key[37..], listed.ToJsonString());
        Assert.DoesNotContain("secret", listed.ToJsonString(), StringComparison.OrdinalIgnoreCase);

        // A wrong secret with the right key id is no key.
        Assert.Equal(HttpStatusCode.Unauthorized, (await b.ClientWithApiKey(key[..^2] + "xx").GetAsync("/me")).StatusCode);

        var revoked = await a.Client.PostAsJsonAsync($"/api-keys/{id}/revoke", new { reason = "合同到期" });
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.True((bool)(await a.Json(revoked))["revoked"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, (await b.ClientWithApiKey(key).GetAsync("/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await a.ClientWithApiKey(key).GetAsync("/me")).StatusCode);
        // Revoking again changes nothing; who revoked it, when and why stays on record.
        Assert.Equal(HttpStatusCode.OK, (await a.Client.PostAsJsonAsync($"/api-keys/{id}/revoke", new { reason = "again" })).StatusCode);
        var row = (await a.GetJson("/api-keys")).AsArray().Single(k => (string)k!["id"]! == id.ToString())!;
        Assert.Equal(TestIdentity.Tester, (string)row["revokedBy"]!);
        Assert.Equal("合同到期", (string)row["revocationReason"]!);
        await using var events = a.Store.QuerySession();
        Assert.Equal(["api_key_issued.v1", "api_key_revoked.v1"],
            (await events.Events.FetchStreamAsync(id)).Select(e => e.EventTypeName));
    }

    [Fact]
    public async Task Keys_carry_only_machine_roles_and_a_field_unit_key_names_a_real_unit()
    {
        await using var api = await ApiHost.StartAsync();
        async Task<(HttpStatusCode, string?)> Issue(object body)
        {
            var response = await api.Client.PostAsJsonAsync("/api-keys", body);
            var problem = await api.Json(response);
            return (response.StatusCode, (string?)problem["title"] ?? string.Join(",", problem["errors"]?.AsObject().Select(e => e.Key) ?? []));
        }
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "role-not-grantable"), await Issue(new { name = "x", roles = new[] { "administrator" } }));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "unit-id-mismatch"), await Issue(new { name = "x", roles = new[] { "field-unit" } }));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "unknown-unit"),
            await Issue(new { name = "x", roles = new[] { "field-unit" }, unitId = Guid.CreateVersion7() }));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "contracts-without-integrator"),
            await Issue(new { name = "x", roles = new[] { "auditor" }, contracts = new[] { "incident-reported.v1" } }));
        var (status, fields) = await Issue(new { roles = new[] { "superuser" }, contracts = new[] { "Bad Contract" } });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("One or more validation errors occurred.", fields);
        Assert.Empty((await api.GetJson("/api-keys")).AsArray());
    }

    [Fact]
    public async Task Writes_beyond_a_clients_limit_are_429_problems_with_Retry_After_and_record_nothing()
    {
        await using var api = await ApiHost.StartAsync(overrides: new Dictionary<string, string?>
        {
            ["RateLimiting:Writes:TokenLimit"] = "3",
            ["RateLimiting:Writes:TokensPerPeriod"] = "3",
            ["RateLimiting:Writes:PeriodSeconds"] = "60",
        });
        var busy = api.ClientAs(Roles.Dispatcher, subject: "busy-console");
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Created, (await busy.PostAsJsonAsync("/incidents", Incident.At(33.4456646, 113.6189944))).StatusCode);

        var id = Guid.CreateVersion7();
        var throttled = await busy.PostAsJsonAsync("/incidents", Incident.At(33.4456646, 113.6189944, id: id));
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal("application/problem+json", throttled.Content.Headers.ContentType?.MediaType);
        Assert.Equal("too-many-requests", (string)(await api.Json(throttled))["title"]!);
        Assert.InRange(throttled.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Client.GetAsync($"/incidents/{id}")).StatusCode);

        // Reads are not limited, and the limit is per client: another console writes on.
        for (var i = 0; i < 10; i++) Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("/units")).StatusCode);
        var other = api.ClientAs(Roles.Dispatcher, subject: "other-console");
        Assert.Equal(HttpStatusCode.Created, (await other.PostAsJsonAsync("/incidents", Incident.At(33.4456646, 113.6189944, id: id))).StatusCode);
    }

    [Fact]
    public async Task An_endpoint_without_a_policy_or_an_API_without_an_identity_provider_does_not_start()
    {
        var connection = await TestDatabase.ConnectionStringAsync();
        WebApplication Build(IReadOnlyDictionary<string, string?> auth) => DispatchApp.Build(["--urls", "http://127.0.0.1:0"], builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(auth)
            {
                ["ConnectionStrings:Wuyang"] = connection,
                ["Dispatch:Schema"] = "t_" + Guid.NewGuid().ToString("N")[..12],
                ["Dispatch:Durability"] = "Solo",
            }));

        await using (var unguarded = Build(TestIdentity.Settings))
        {
            unguarded.MapGet("/forgotten", () => "open to all");
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => unguarded.StartAsync());
            Assert.Contains("/forgotten", refused.Message);
        }
        await using (var noIdentityProvider = Build(new Dictionary<string, string?>()))
        {
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => noIdentityProvider.StartAsync());
            Assert.Contains("Auth:Jwt", refused.Message);
        }
        // The real API passes the same check: every endpoint it maps names a policy.
        await using var api = await ApiHost.StartAsync();
        Assert.Empty(AccessStartupCheck.Unguarded(api.Services.GetRequiredService<EndpointDataSource>().Endpoints));
    }
}
