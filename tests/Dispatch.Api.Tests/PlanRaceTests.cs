using System.Net;
using System.Net.Http.Json;
using Dispatch.Domain.Departments;
using Dispatch.Domain.Incidents;
using Dispatch.Domain.Plans;
using Marten;

namespace Dispatch.Api.Tests;

/// <summary>
/// Plan revisions racing incident reports: every incident records a plan version that exists, with that version's title,
/// and its plan tasks are exactly that version's departments with that version's steps, never a mix of two versions.
/// </summary>
public class PlanRaceTests
{
    [Fact]
    public async Task Incidents_reported_while_the_plan_is_revised_record_a_version_that_existed_and_are_tasked_by_it()
    {
        await using var api = await ApiHost.StartAsync();
        var planId = Guid.Parse((string)(await EmergencyPlanTests.PlanFor(api, "fire"))["id"]!);
        object Revision(int k) => new
        {
            reason = $"第{k}次修订", trigger = "rule-change", title = $"火灾预案修订{k}",
            departments = k % 2 == 0
                ? new object[] { new { department = "fire", steps = new[] { $"出动{k}" } } }
                : new object[] { new { department = "fire", steps = new[] { $"出动{k}" } }, new { department = "health", steps = new[] { $"救护{k}" } } },
        };
        var reports = Enumerable.Range(0, 16).Select(_ => api.Client.PostAsJsonAsync("/incidents", new
        {
            type = "fire", priority = 1, location = new { lat = 33.4456646, lon = 113.6189944, datum = "WGS-84" }, address = "贾湖广场",
        }));
        var revisions = Enumerable.Range(1, 8).Select(k => api.Client.PostAsJsonAsync($"/emergency-plans/{planId}/revisions", Revision(k)));
        var answers = await Task.WhenAll(reports.Concat(revisions));
        Assert.All(answers.Take(16), a => Assert.True(a.StatusCode is HttpStatusCode.Created or HttpStatusCode.Accepted, a.StatusCode.ToString()));
        Assert.All(answers.Skip(16), a => Assert.True(a.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, a.StatusCode.ToString()));
        Assert.Contains(answers.Skip(16), a => a.StatusCode == HttpStatusCode.Created);

        await using var session = api.Store.QuerySession();
        var versions = (await session.Events.FetchStreamAsync(planId)).Select(e => e.Data switch
        {
            EmergencyPlanPublished p => (p.Version, p.Content),
            EmergencyPlanRevised r => (r.Version, r.Content),
            _ => (0, (PlanContent?)null),
        }).Where(v => v.Item2 is not null).ToDictionary(v => v.Item1, v => v.Item2!);
        var reported = (await session.Events.QueryAllRawEvents().ToListAsync()).Select(e => e.Data).OfType<IncidentReported>()
            .Where(r => r.Type == "fire").ToList();
        Assert.Equal(16, reported.Count);
        var tasks = (await session.Events.QueryAllRawEvents().ToListAsync()).Select(e => e.Data).OfType<DepartmentTaskAssigned>().ToList();
        foreach (var incident in reported)
        {
            Assert.Equal(planId, incident.Plan!.PlanId);
            Assert.True(versions.TryGetValue(incident.Plan.Version!.Value, out var content), $"version {incident.Plan.Version} never existed");
            Assert.Equal(content!.Title, incident.Plan.Title);
            var own = tasks.Where(t => t.IncidentId == incident.IncidentId).ToList();
            Assert.All(own, t => Assert.Equal((planId, incident.Plan.Version), (t.PlanId!.Value, t.PlanVersion)));
            Assert.Equal(content.Departments.Select(d => (d.Department, string.Join("|", d.Steps))).OrderBy(d => d.Department),
                own.Select(t => (t.Department, string.Join("|", t.Steps))).OrderBy(d => d.Department));
        }
    }
}
