using Dispatch.Api.Access;
using Dispatch.Domain.Reference;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;

namespace Dispatch.Api.Inspections;

/// <summary>The weekly inspection report for an ISO week (week=2026-W49; default this week), as JSON or as a page.</summary>
public static class GetWeeklyReportEndpoint
{
    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/reports/weekly")]
    [ProducesResponseType(typeof(WeeklyReport), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Get(string? week, HttpContext http, IQuerySession session, ReferenceData reference, IClock clock,
        CancellationToken cancellation)
    {
        var now = clock.GetCurrentInstant();
        if (!WeeklyReport.TryParseWeek(week, now, out var monday)) return BadWeek(http);
        return Results.Ok(await WeeklyReport.BuildAsync(monday, session, reference, now, cancellation));
    }

    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/reports/weekly.html")]
    [Produces("text/html")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> GetHtml(string? week, HttpContext http, IQuerySession session, ReferenceData reference, IClock clock,
        CancellationToken cancellation)
    {
        var now = clock.GetCurrentInstant();
        if (!WeeklyReport.TryParseWeek(week, now, out var monday)) return BadWeek(http);
        var report = await WeeklyReport.BuildAsync(monday, session, reference, now, cancellation);
        return Results.Content(WeeklyReportPage.Render(report, reference.Manifest.County), "text/html; charset=utf-8");
    }

    private static IResult BadWeek(HttpContext http) => Results.ValidationProblem(
        new Dictionary<string, string[]> { ["week"] = ["must be an ISO week such as 2026-W49"] }, instance: http.Request.Path);
}
