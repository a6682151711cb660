using System.Text.Json;
using System.Text.Json.Serialization;
using Dispatch.Domain.Duty;
using Dispatch.Domain.Time;
using NodaTime;
using NodaTime.Text;

namespace Dispatch.Domain.Reference;

/// <summary>Reads duty.json (level rules, shifts, limits), roster.json (officers) and calendar.json (China's working calendar).</summary>
internal static class DutyPlanFiles
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private sealed record LevelRow(DutyLevel Level, Dictionary<Force, double> MinimumStreetShare, int VisitEveryMinutes, bool FromPlan);
    private sealed record ShiftRow(string Name, string NameZh, string Starts);
    private sealed record PeakRow(List<string> Centres, int HalfWidthMinutes, double PresenceRadiusMetres);
    private sealed record CheckInRow(double MaxDistanceMetres, int MaxDeviceClockAheadSeconds, int MaxAgeHours, int MaxBatchItems);
    private sealed record RollCallRow(int AnswerWithinSeconds, int LateWindowSeconds);
    private sealed record DutyFile(string Source, List<LevelRow> Levels, int MissedVisitGraceMinutes, List<ShiftRow> Shifts, PeakRow Peak,
        CheckInRow CheckIn, RollCallRow RollCall);
    private sealed record RosterFile(List<Officer> Officers);
    private sealed record DayRow(string Date, string Name);
    private sealed record CalendarFile(string Source, List<int> Years, List<DayRow> Holidays, List<DayRow> MakeUpWorkdays);

    public static DutyRules ReadRules(string text)
    {
        var file = Read<DutyFile>(text, "duty.json");
        return new DutyRules(file.Source,
            file.Levels.Select(l => new LevelRule(l.Level, l.MinimumStreetShare, l.VisitEveryMinutes, l.FromPlan)).ToList(),
            Duration.FromMinutes(file.MissedVisitGraceMinutes),
            file.Shifts.Select(s => new Shift(s.Name, s.NameZh, Time(s.Starts, "duty.json shift"))).ToList(),
            new PeakRule(file.Peak.Centres.Select(c => Time(c, "duty.json peak centre")).ToList(),
                Duration.FromMinutes(file.Peak.HalfWidthMinutes), file.Peak.PresenceRadiusMetres),
            new CheckInRule(file.CheckIn.MaxDistanceMetres, Duration.FromSeconds(file.CheckIn.MaxDeviceClockAheadSeconds),
                Duration.FromHours(file.CheckIn.MaxAgeHours), file.CheckIn.MaxBatchItems),
            new RollCallRule(Duration.FromSeconds(file.RollCall.AnswerWithinSeconds), Duration.FromSeconds(file.RollCall.LateWindowSeconds)));
    }

    public static IReadOnlyList<Officer> ReadRoster(string text) => Read<RosterFile>(text, "roster.json").Officers;

    public static WorkCalendar ReadCalendar(string text)
    {
        var file = Read<CalendarFile>(text, "calendar.json");
        return new WorkCalendar(file.Source, file.Years,
            file.Holidays.Select(d => new CalendarDay(Date(d.Date), d.Name)).ToList(),
            file.MakeUpWorkdays.Select(d => new CalendarDay(Date(d.Date), d.Name)).ToList());
    }

    private static T Read<T>(string text, string file)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(text, Json) ?? throw new InvalidDataException($"{file} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file}: {e.Message}", e);
        }
    }

    private static LocalTime Time(string text, string what) =>
        LocalTimePattern.CreateWithInvariantCulture("HH:mm").Parse(text) is { Success: true } r
            ? r.Value
            : throw new InvalidDataException($"{what}: '{text}' is not HH:mm");

    private static LocalDate Date(string text) =>
        LocalDatePattern.Iso.Parse(text) is { Success: true } r ? r.Value : throw new InvalidDataException($"calendar.json: '{text}' is not a date");
}
