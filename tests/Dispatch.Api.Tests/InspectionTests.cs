using System.Net;
using System.Net.Http.Json;
using Dispatch.Api.Patrol;
using Dispatch.Domain.Inspections;
using Dispatch.Domain.Reference;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Wolverine;

namespace Dispatch.Api.Tests;

public class InspectionTests
{
    [Fact]
    public async Task The_daily_spot_check_replays_from_its_seed_and_the_weekly_report_sums_the_week()
    {
        await using var api = await ApiHost.StartAsync();
        var reference = api.Services.GetRequiredService<ReferenceData>();

        var drawn = await api.Client.PostAsJsonAsync("/inspections", new { date = "2026-12-02", units = 3, points = 2, seed = 20261202 });
        Assert.Equal(HttpStatusCode.Created, drawn.StatusCode);
        var check = await api.Json(drawn);
        // Anyone holding the seed re-draws the same sample.
        Assert.Equal(SpotCheck.Draw(20261202, reference.Units.Select(u => u.CallSign), 3), check["units"]!.AsArray().Select(u => (string)u!));
        Assert.Equal(SpotCheck.Draw(20261202, reference.MustPatrolPoints.Select(p => p.Id), 2), check["points"]!.AsArray().Select(p => (string)p!));
        Assert.NotEqual(SpotCheck.Draw(1, reference.Units.Select(u => u.CallSign), 17), SpotCheck.Draw(2, reference.Units.Select(u => u.CallSign), 17));
        var again = await api.Client.PostAsJsonAsync("/inspections", new { date = "2026-12-02", seed = 7 });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(20261202, (long)(await api.Json(again))["seed"]!);

        var sampledUnit = (string)check["units"]![0]!;
        var finding = await api.Client.PostAsJsonAsync("/inspections/2026-12-02/findings",
            new { subject = sampledUnit, severity = "minor", text = "执勤时未开警灯 <b>" });
        Assert.Equal(HttpStatusCode.OK, finding.StatusCode);
        var outside = reference.Units.Select(u => u.CallSign).First(c => !check["units"]!.AsArray().Select(u => (string)u!).Contains(c));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await api.Client.PostAsJsonAsync("/inspections/2026-12-02/findings",
            new { subject = outside, severity = "minor", text = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Client.PostAsJsonAsync("/inspections/2026-12-01/findings",
            new { subject = sampledUnit, severity = "minor", text = "x" })).StatusCode);

        // A roll call nobody answers, and the first normal interval (14:00-18:00) missed everywhere.
        Assert.Equal(HttpStatusCode.Created, (await api.Client.PostAsJsonAsync("/roll-calls", new { })).StatusCode);
        api.Clock.Reset(Instant.FromUtc(2026, 12, 2, 10, 30)); // 18:30 local
        await api.Services.GetRequiredService<IMessageBus>().InvokeAsync(new SweepPatrolIntervals(null));

        var report = await api.GetJson("/reports/weekly?week=2026-W49");
        Assert.Equal(("2026-11-30", "2026-12-06"), ((string)report["from"]!, (string)report["to"]!));
        // 19 points and 16 lines, none visited: an alert each.
        Assert.Equal(16, reference.MustPatrolLines.Count);
        Assert.Equal((19, 0, 19, 35), ((int)report["owed"]!, (int)report["visited"]!, (int)report["missed"]!, (int)report["alertsRaised"]!));
        Assert.Equal([0, 0, 19, 0, 0, 0, 0], report["days"]!.AsArray().Select(d => (int)d!["missed"]!));
        Assert.Equal(17, (int)report["rollCalls"]![0]!["noAnswer"]!);
        Assert.Equal(1, (int)report["findingsBySeverity"]!["minor"]!);

        var page = await api.Client.GetAsync("/reports/weekly.html?week=2026-W49");
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<svg id=\"daily-chart\"", html);
        Assert.Contains("执勤时未开警灯 &lt;b&gt;", html);
        Assert.Contains("missed 19", html);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.Client.GetAsync("/reports/weekly?week=2026-W54")).StatusCode);
    }
}
