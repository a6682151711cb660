using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dispatch.Domain.Access;
using static Dispatch.Api.Tests.FeedConsumer;

namespace Dispatch.Api.Tests;

/// <summary>
/// A registered person's name, phone, address, notes and contacts never leave whole through the cross-stream readers an
/// inspector or administrator may use (<c>/audit/events</c>), nor through the integrators' feed, after every kind of write
/// about the person: registration, update, one-key call, risk alert and its delivery, relocation and relief.
/// </summary>
public class CarePersonalDataTests
{
    private const string JiahuShelter = "97e08f9b-0748-5cbf-a7e3-e93657470ec5";
    private const string Name = "欧阳桂芝", NewName = "欧阳桂英", Phone = "13903958841", Address = "舞阳县舞泉镇贾湖路77号院";
    private const string Notes = "独居，夜里常犯哮喘", ContactName = "欧阳建国", ContactPhone = "13703951166";
    private static readonly string[] Secrets = [Name, NewName, Phone, "139 0395 8841", Address, "贾湖路77号", Notes, "哮喘", ContactName, ContactPhone];

    private static object Person(string name, string phone) => new
    {
        name, phone, address = Address, location = new { lat = 33.4456646, lon = 113.6189944, datum = "WGS-84" },
        householdCode = "410721-0077", needs = new[] { "oxygen" }, notes = Notes,
        contacts = new[] { new { name = ContactName, relation = "儿子", phone = ContactPhone } }, deviceId = "YJHJ-PD-1",
    };

    private static string Plain(JsonNode node) =>
        node.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static async Task<JsonNode> Ok(ApiHost api, HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await api.Json(response);
    }

    private static async Task<string> AllAuditEvents(ApiHost api, HttpClient client)
    {
        var all = new JsonArray();
        long? after = 0;
        while (after is not null)
        {
            var page = await Ok(api, await client.GetAsync($"/audit/events?after={after}&limit=1000"));
            foreach (var e in page["events"]!.AsArray()) all.Add(e!.DeepClone());
            after = (long?)page["next"];
        }
        return Plain(all);
    }

    [Fact]
    public async Task Audit_events_for_inspectors_and_administrators_and_the_feed_never_show_a_registered_person_whole()
    {
        await using var api = await ApiHost.StartAsync();
        var person = (string)(await Ok(api, await api.Client.PostAsJsonAsync("/vulnerable-people", Person(Name, Phone))))["id"]!;
        await Ok(api, await api.Client.PutAsJsonAsync($"/vulnerable-people/{person}", Person(NewName, "139 0395 8841")));
        var call = await Ok(api, await api.Client.PostAsJsonAsync("/one-key-calls", new { deviceId = "YJHJ-PD-1", requestId = "press-pd-1" }));
        var alert = await Ok(api, await api.Client.PostAsJsonAsync("/risk-alerts", new
        {
            hazard = "flood", message = "暴雨红色预警",
            area = new { centre = new { lat = 33.4456646, lon = 113.6189944, datum = "WGS-84" }, radiusMetres = 300 },
        }));
        await Ok(api, await api.Client.PostAsJsonAsync($"/risk-alerts/{alert["id"]}/deliveries",
            new { personId = person, status = "acknowledged", channel = "phone", note = "已通知" }));
        await Ok(api, await api.Client.PostAsJsonAsync($"/shelters/{JiahuShelter}/open", new { reason = "暴雨转移" }));
        await Ok(api, await api.Client.PostAsJsonAsync("/relocations", new { personId = person, shelterId = JiahuShelter, reason = "暴雨转移" }));
        var depot = (string)(await api.GetJson("/depots")).AsArray()[0]!["id"]!;
        var round = await Ok(api, await api.Client.PostAsJsonAsync("/relief-rounds",
            new { name = "寒潮救助", item = "cotton-quilt", quantityPerRecipient = 1, depotId = depot }));
        await Ok(api, await api.Client.PostAsJsonAsync($"/relief-rounds/{round["id"]}/issues", new { personId = person }));

        // The auditor reads the events whole: the search below looks where the data is.
        var whole = await AllAuditEvents(api, api.ClientAs(Roles.Auditor));
        Assert.Contains(NewName, whole);
        Assert.Contains(ContactPhone, whole);
        foreach (var role in new[] { Roles.Inspector, Roles.Administrator })
        {
            var masked = await AllAuditEvents(api, api.ClientAs(role));
            Assert.Contains("vulnerable_person_updated", masked);
            foreach (var secret in Secrets) Assert.DoesNotContain(secret, masked);
        }

        // The feed: read until it carries the one-key call's incident, then nothing of the person is in any item.
        var integrator = api.ClientWithToken(IntegratorToken(AllContracts));
        var incident = (string)call["id"]!;
        var items = new JsonArray();
        long next = 0;
        for (var attempt = 0; attempt < 100 && !Plain(items).Contains(incident); attempt++)
        {
            var page = await Ok(api, await integrator.GetAsync($"/feed?after={next}&limit=1000"));
            foreach (var item in page["items"]!.AsArray()) items.Add(item!.DeepClone());
            next = (long)page["next"]!;
            if (page["items"]!.AsArray().Count == 0) await Task.Delay(100);
        }
        var feed = Plain(items);
        Assert.Contains(incident, feed);
        foreach (var secret in Secrets) Assert.DoesNotContain(secret, feed);
    }
}
