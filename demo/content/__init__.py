"""
The demo site's English content, written for the demo from the seed documents in
``/work/shared/seeds`` (the Alliance's Progress Points page, strategic plan and home
page). Facts, names and structure come from the seeds; figures are only ones the
seeds state or that can be counted from them (three counties, nine focus areas…).
"""

from .home import HOME_PAGE
from .industries import INDUSTRY_PAGES
from .initiatives import INITIATIVE_PAGES
from .report import REPORT_PAGES
from .sections import ABOUT, BUSINESS_INSIGHTS, DO_BUSINESS_HERE, UTILITY, YOU_BELONG_HERE

# Parents come before their children, and the sections in menu order (new pages are
# added as the last child of their parent).
ALL_PAGES = [
    HOME_PAGE,
    *YOU_BELONG_HERE,
    *DO_BUSINESS_HERE,
    *INDUSTRY_PAGES,
    *BUSINESS_INSIGHTS,
    *ABOUT,
    *UTILITY,
    *INITIATIVE_PAGES,
    *REPORT_PAGES,
]
