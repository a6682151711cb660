using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dispatch.Domain.Access;
using Dispatch.Domain.Incidents;
using Marten;

namespace Dispatch.Api.Tests;

/// <summary>
/// The caller's name and phone number (报警人) are kept whole on the events and shown whole only to the roles that
/// need them; inspectors and administrators read them masked, and no log line carries them.
/// </summary>
public class PersonalDataTests : IAsyncLifetime
{
    private const string Name = "欧阳建国";
    private const string Phone = "138 0395 4417";
    // A host of its own: the reports here take units that the shared Wuyang host's tests expect free.
    private ApiHost Api { get; set; } = null!;

    public async Task InitializeAsync() => Api = await ApiHost.StartAsync();
    public async Task DisposeAsync() => await Api.DisposeAsync();

    private static object Report(Guid id, string phone = Phone) => new
    {
        id,
        type = "disturbance",
        priority = 2,
        location = new { lat = 33.4456646, lon = 113.6189944, datum = "WGS-84" },
        address = "贾湖广场",
        description = "广场有人打架",
        caller = new { name = Name, phone },
    };

    private async Task<JsonNode> ReportedBy(Guid id)
    {
        var response = await Api.Client.PostAsJsonAsync("/incidents", Report(id));
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return await Api.WaitFor($"/incidents/{id}", d => d["responders"]!.AsArray().Count > 0);
    }

    [Fact]
    public async Task Dispatchers_the_unit_sent_and_auditors_see_the_caller_whole_inspectors_and_administrators_masked()
    {
        var id = Guid.CreateVersion7();
        var incident = await ReportedBy(id);
        var sent = Guid.Parse((string)incident["responders"]![0]!["unitId"]!);

        async Task<JsonNode?> CallerAs(HttpClient client)
        {
            var response = await client.GetAsync($"/incidents/{id}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await Api.Json(response))["caller"];
        }

        foreach (var client in new[] { Api.ClientAs(Roles.Dispatcher), Api.ClientAs(Roles.Auditor), Api.ClientAs(Roles.FieldUnit, sent) })
        {
            var caller = await CallerAs(client);
            Assert.Equal(Name, (string)caller!["name"]!);
            Assert.Equal(Phone, (string)caller["phone"]!);
        }
        foreach (var client in new[] { Api.ClientAs(Roles.Inspector), Api.ClientAs(Roles.Administrator) })
        {
            var caller = await CallerAs(client);
            Assert.Equal("欧***", (string)caller!["name"]!);
            Assert.Equal("*** **** 4417", (string)caller["phone"]!);
        }

        // The raw events read the same way: whole for the auditor, masked for the inspector.
        async Task<JsonNode> ReportedEventAs(HttpClient client) =>
            (await Api.Json(await client.GetAsync($"/incidents/{id}/events"))).AsArray()
            .Single(e => (string)e!["type"]! == "incident_reported.v1")!["data"]!["caller"]!;
        Assert.Equal(Phone, (string)(await ReportedEventAs(Api.ClientAs(Roles.Auditor)))["phone"]!);
        Assert.Equal("*** **** 4417", (string)(await ReportedEventAs(Api.ClientAs(Roles.Inspector)))["phone"]!);

        // So do the auditor's stream, history and as-of-state views.
        foreach (var (role, phone) in new[] { (Roles.Auditor, Phone), (Roles.Inspector, "*** **** 4417"), (Roles.Administrator, "*** **** 4417") })
        {
            var client = Api.ClientAs(role);
            var stream = (await Api.Json(await client.GetAsync($"/audit/streams/{id}/events"))).AsArray();
            Assert.Equal(phone, (string)stream.Single(e => (string)e!["type"]! == "incident_reported.v1")!["data"]!["caller"]!["phone"]!);
            var state = await Api.Json(await client.GetAsync($"/audit/streams/{id}/state"));
            Assert.Equal(phone, (string)state["state"]!["caller"]!["phone"]!);
        }

        // The store keeps it whole.
        await using var session = Api.Store.QuerySession();
        var reported = (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).OfType<IncidentReported>().Single();
        Assert.Equal(new CallerContact(Name, Phone), reported.Caller);
    }

    [Fact]
    public async Task A_retry_with_another_callers_number_is_a_conflict_and_a_malformed_number_is_refused()
    {
        var id = Guid.CreateVersion7();
        await ReportedBy(id);
        Assert.Equal(HttpStatusCode.Created, (await Api.Client.PostAsJsonAsync("/incidents", Report(id))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Api.Client.PostAsJsonAsync("/incidents", Report(id, "139 0000 0000"))).StatusCode);

        var other = Guid.CreateVersion7();
        foreach (var bad in new[] { "110; DROP TABLE", "12", "+", "1234567890123456", "１３８" })
        {
            var refused = await Api.Client.PostAsJsonAsync("/incidents", Report(other, bad));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.NotNull((await Api.Json(refused))["errors"]!["caller.phone"]);
        }
        await using var session = Api.Store.QuerySession();
        Assert.Null(await session.Events.FetchStreamStateAsync(other));
    }

    [Fact]
    public async Task The_API_process_logs_the_call_without_the_callers_name_or_number()
    {
        var connection = await TestDatabase.ConnectionStringAsync();
        using var api = await ApiProcess.StartAsync(connection, "tpd_" + Guid.NewGuid().ToString("N")[..10]);
        var id = Guid.CreateVersion7();
        var response = await api.Client.PostAsJsonAsync("/incidents", Report(id));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Contains(Phone, await (await api.Client.GetAsync($"/incidents/{id}/events")).Content.ReadAsStringAsync());

        // The dispatch log line names the incident, so its logging was captured; nothing names the caller.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!api.Logs.Any(l => l.Contains(id.ToString()) && l.Contains("Dispatch of")) && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.Contains(api.Logs, l => l.Contains(id.ToString()));
        Assert.DoesNotContain(api.Logs, l => l.Contains("0395 4417") || l.Contains("4417") || l.Contains(Name) || l.Contains("建国"));
    }
}
