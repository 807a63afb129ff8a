"""Extensions are created unbound here and bound to the app in create_app."""

from flask_babel import Babel
from flask_cors import CORS

from api.database import Database

db = Database()
babel = Babel()
cors = CORS()
