using System.Globalization;
using System.Net;
using System.Text;
using Dispatch.Domain.Time;
using NodaTime;

namespace Dispatch.Api.Inspections;

/// <summary>The weekly report as one self-contained page: tables and inline SVG bar charts, no scripts, prints as it shows.</summary>
public static class WeeklyReportPage
{
    private static readonly string[] Weekdays = ["", "周一", "周二", "周三", "周四", "周五", "周六", "周日"];

    private static string E(object? value) => WebUtility.HtmlEncode(value switch
    {
        LocalDate date => $"{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} {Weekdays[(int)date.DayOfWeek]}",
        Instant instant => instant.InZone(PeakHours.China).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    });

    private static string Percent(double? share) => share is { } s ? (s * 100).ToString("F1", CultureInfo.InvariantCulture) + "%" : "–";

    private const string Style = "body{font-family:'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei'," +
        "'WenQuanYi Zen Hei',sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse;margin:1em 0}" +
        "td,th{border:1px solid #999;padding:.3em .6em;text-align:right}th{background:#eee}td:first-child{text-align:left}" +
        ".bar{fill:#2b6cb0}.missed{fill:#c53030}";

    public static string Render(WeeklyReport report, string county)
    {
        var html = new StringBuilder();
        html.Append($"""
            <!doctype html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>{E(county)} 督察周报 {E(report.Week)}</title>
            <style>{Style}</style></head><body>
            <h1>{E(county)} 督察周报 Weekly inspection report {E(report.Week)}</h1>
            <p>{E(report.From)} – {E(report.To)}. As of {E(report.AsOf)} (Asia/Shanghai).</p>
            <h2>必巡点巡查 Must-patrol visits</h2>
            <p id="summary">Owed {report.Owed}, visited {report.Visited}, missed {report.Missed}: <strong>{Percent(report.VisitedShare)}</strong>.
            Alerts raised {report.AlertsRaised}, retracted by late uploads {report.AlertsRetracted}.</p>
            """);
        html.Append(DailyChart(report.Days));
        html.Append("<p class=\"legend\"><span style=\"color:#2b6cb0\">■</span> visited 已巡 &nbsp; <span style=\"color:#c53030\">■</span> missed 漏巡 (intervals per day)</p>");
        html.Append("<table id=\"days\"><tr><th>Day</th><th>Owed</th><th>Visited</th><th>Missed</th><th>Share</th></tr>");
        foreach (var day in report.Days)
            html.Append($"<tr><td>{E(day.Date)}</td><td>{day.Owed}</td><td>{day.Visited}</td><td>{day.Missed}</td><td>{Percent(day.VisitedShare)}</td></tr>");
        html.Append("</table><h3>By grid</h3><table id=\"grids\"><tr><th>Grid</th><th>Owed</th><th>Visited</th><th>Missed</th><th>Share</th></tr>");
        foreach (var grid in report.Grids)
            html.Append($"<tr><td>{grid.Grid}</td><td>{grid.Owed}</td><td>{grid.Visited}</td><td>{grid.Missed}</td><td>{Percent(grid.VisitedShare)}</td></tr>");
        html.Append("</table><h2>点名 Roll calls</h2><table id=\"roll-calls\"><tr><th>Started</th><th>Posts</th><th>On time</th><th>Late</th><th>No answer</th></tr>");
        foreach (var call in report.RollCalls)
            html.Append($"<tr><td>{E(call.StartedAt)}</td><td>{call.Posts}</td><td>{call.OnTime}</td><td>{call.Late}</td><td>{call.NoAnswer}</td></tr>");
        html.Append("</table><h2>抽查 Spot-checks and findings</h2><table id=\"findings\"><tr><th>Day</th><th>Subject</th><th>Severity</th><th>Finding</th><th>Inspector</th></tr>");
        foreach (var check in report.SpotChecks)
        foreach (var finding in check.Findings)
            html.Append($"<tr><td>{E(check.Date)}</td><td>{E(finding.Subject)}</td><td>{E(finding.Severity)}</td><td>{E(finding.Text)}</td><td>{E(finding.Inspector)}</td></tr>");
        html.Append("</table>");
        html.Append($"<p>Spot-checks drawn: {report.SpotChecks.Count} (seeds recorded: {E(string.Join(", ", report.SpotChecks.Select(c => $"{c.Date}: {c.Seed}")))}).</p>");
        html.Append("</body></html>");
        return html.ToString();
    }

    /// <summary>Per day, visited (blue) and missed (red) intervals side by side.</summary>
    private static string DailyChart(IReadOnlyList<DayPatrol> days)
    {
        const int width = 560, height = 160, left = 30;
        var max = Math.Max(1, days.Max(d => Math.Max(d.Visited, d.Missed)));
        var slot = (width - left) / days.Count;
        var svg = new StringBuilder($"<svg id=\"daily-chart\" role=\"img\" aria-label=\"visited and missed per day\" width=\"{width}\" height=\"{height + 20}\" xmlns=\"http://www.w3.org/2000/svg\">");
        for (var i = 0; i < days.Count; i++)
        {
            var x = left + i * slot;
            var visited = days[i].Visited * height / max;
            var missed = days[i].Missed * height / max;
            svg.Append($"<rect class=\"bar\" x=\"{x + 4}\" y=\"{height - visited}\" width=\"{slot / 2 - 6}\" height=\"{visited}\"><title>{E(days[i].Date)} visited {days[i].Visited}</title></rect>");
            svg.Append($"<rect class=\"missed\" x=\"{x + slot / 2}\" y=\"{height - missed}\" width=\"{slot / 2 - 6}\" height=\"{missed}\"><title>{E(days[i].Date)} missed {days[i].Missed}</title></rect>");
            svg.Append($"<text x=\"{x + 4}\" y=\"{height + 15}\" font-size=\"11\">{WebUtility.HtmlEncode(days[i].Date.ToString("MM-dd", CultureInfo.InvariantCulture))}</text>");
        }
        return svg.Append("</svg>").ToString();
    }
}
