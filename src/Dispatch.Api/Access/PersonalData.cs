using System.Security.Claims;
using Dispatch.Domain.Access;
using Dispatch.Domain.Elderly;
using Dispatch.Domain.Incidents;
using Dispatch.Projections;

namespace Dispatch.Api.Access;

/// <summary>
/// Personal data (the caller's name and phone number; a cared-for person's name, phone, address, contacts and notes) is shown whole only to the roles whose work needs it:
/// the dispatcher who calls back, the field unit sent to the incident (it may read no other incident), and the
/// auditor who reviews the call. Inspectors and administrators read it masked. Logs never carry it: no log
/// line writes a request body or the incident's report.
/// </summary>
public static class PersonalData
{
    public static readonly IReadOnlyList<string> WholeFor = [Roles.Dispatcher, Roles.FieldUnit, Roles.Auditor];

    public static bool MaySee(ClaimsPrincipal user) => WholeFor.Any(user.IsInRole);

    public static IncidentDetails ForReader(IncidentDetails details, ClaimsPrincipal user) =>
        details.Caller is null || MaySee(user) ? details : details with { Caller = details.Caller.Masked() };

    public static PersonRecord ForReader(PersonRecord record, ClaimsPrincipal user) => MaySee(user) ? record : record.Masked();

    /// <summary>An event's data, or a state folded from events, as this reader may see it.</summary>
    public static object ForReader(object data, ClaimsPrincipal user) => MaySee(user) ? data : data switch
    {
        IncidentReported { Caller: { } caller } reported => reported with { Caller = caller.Masked() },
        IncidentState { Caller: { } caller } state => state with { Caller = caller.Masked() },
        IncidentDetails details => ForReader(details, user),
        VulnerablePersonRegistered registered => registered with { Record = registered.Record.Masked() },
        VulnerablePersonUpdated updated => updated with { Record = updated.Record.Masked() },
        VulnerablePersonState person => person with { Record = person.Record.Masked() },
        _ => data,
    };
}
